/**
 * Authenticated encryption for secrets at rest and in cookies: AES-256-GCM with a per-purpose key
 * derived by HKDF from the data-encryption key. The purpose is bound in twice (key derivation and
 * additional data), so a value sealed for one use (say a cookie) cannot be replayed as another.
 *
 * Format: `v1.<iv b64url>.<ciphertext b64url>.<tag b64url>`.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";

function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  if (masterKey.length !== 32) throw new Error("data-encryption key must be 32 bytes");
  return Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), `beaconport:${purpose}`, 32));
}

export function sealWithKey(masterKey: Buffer, plaintext: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(masterKey, purpose), iv);
  cipher.setAAD(Buffer.from(purpose, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export class UnsealError extends Error {
  constructor() {
    super("sealed value is invalid, tampered with, or for another purpose");
    this.name = "UnsealError";
  }
}

export function unsealWithKey(masterKey: Buffer, sealed: string, purpose: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new UnsealError();
  const [, iv, body, tag] = parts as [string, string, string, string];
  try {
    const decipher = createDecipheriv("aes-256-gcm", deriveKey(masterKey, purpose), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(purpose, "utf8"));
    const tagBuf = Buffer.from(tag, "base64url");
    if (tagBuf.length !== 16) throw new UnsealError();
    decipher.setAuthTag(tagBuf);
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new UnsealError();
  }
}
