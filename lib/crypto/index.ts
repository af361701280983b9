import "server-only";
import { dataEncryptionKey } from "./keys";
import { sealWithKey, unsealWithKey } from "./seal";

export { UnsealError } from "./seal";

/** Encrypts `plaintext` for one purpose (e.g. "connection-secret", "aws-session-cookie"). */
export function seal(plaintext: string, purpose: string): string {
  return sealWithKey(dataEncryptionKey(), plaintext, purpose);
}

/** Decrypts a value from `seal`; throws UnsealError when tampered with or sealed for another purpose. */
export function unseal(sealed: string, purpose: string): string {
  return unsealWithKey(dataEncryptionKey(), sealed, purpose);
}
