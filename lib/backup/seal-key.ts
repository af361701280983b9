/**
 * The data-encryption key sealed with a passphrase, for a backup that must be restorable on a machine
 * without the key: scrypt (N = 2^15, r = 8, p = 1; salt per backup) derives a key-encryption key, and
 * AES-256-GCM seals the 32-byte key with the backup's format name as additional data. A wrong passphrase
 * or an altered value fails the GCM tag. Pure (node:crypto only).
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";

export interface SealedKey {
  kdf: "scrypt";
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

const AAD = Buffer.from("beaconport-backup:data-encryption-key:v1", "utf8");
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };

function kek(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  // scrypt needs 128·N·r bytes; the default maxmem (32 MiB) is exactly too small for N = 2^15, r = 8.
  return scryptSync(passphrase.normalize("NFC"), salt, 32, { ...params, maxmem: 256 * params.N * params.r });
}

export function sealKeyWithPassphrase(key: Buffer, passphrase: string): SealedKey {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", kek(passphrase, salt, PARAMS), iv);
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
  return { kdf: "scrypt", ...PARAMS, salt: salt.toString("base64"), iv: iv.toString("base64"), ciphertext: ciphertext.toString("base64"), tag: cipher.getAuthTag().toString("base64") };
}

export class WrongPassphraseError extends Error {
  constructor() {
    super("The passphrase does not open the key in this backup (wrong passphrase, or the backup was altered).");
    this.name = "WrongPassphraseError";
  }
}

export function openSealedKey(sealed: SealedKey, passphrase: string): Buffer {
  // Bounded parameters: a crafted backup must not make the restore allocate gigabytes.
  if (sealed.kdf !== "scrypt" || sealed.N > 2 ** 20 || sealed.r > 16 || sealed.p > 4) throw new WrongPassphraseError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", kek(passphrase, Buffer.from(sealed.salt, "base64"), sealed), Buffer.from(sealed.iv, "base64"));
    decipher.setAAD(AAD);
    decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
    const key = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, "base64")), decipher.final()]);
    if (key.length !== 32) throw new WrongPassphraseError();
    return key;
  } catch {
    throw new WrongPassphraseError();
  }
}
