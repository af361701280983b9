const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/**
 * 48 characters of a 62-letter alphabet: about 286 bits, far beyond guessing. Not 40: a 40-character
 * alphanumeric string has the shape of an AWS secret access key, which the log and audit redactor masks
 * wherever it appears, so a 40-character external ID would vanish from run results and the audit trail.
 */
export const EXTERNAL_ID_LENGTH = 48;
const LENGTH = EXTERNAL_ID_LENGTH;

/**
 * A strong external ID for the roles' `sts:ExternalId` condition (procedure step 4.5).
 * Web Crypto so the wizard can call it in the browser as well as on the server; alphanumeric
 * only so it survives copy-paste into the beacon's dialog, shells and YAML without quoting.
 */
export function generateExternalId(): string {
  const out: string[] = [];
  // Rejection sampling: 256 is not a multiple of 62, and a plain modulo would bias the first letters.
  const limit = 256 - (256 % ALPHABET.length);
  while (out.length < LENGTH) {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(64));
    for (const b of bytes) {
      if (b < limit && out.length < LENGTH) out.push(ALPHABET[b % ALPHABET.length] as string);
    }
  }
  return out.join("");
}
