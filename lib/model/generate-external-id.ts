const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** 40 characters of a 62-letter alphabet: about 238 bits, far beyond guessing. */
const LENGTH = 40;

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
