import "server-only";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { AUTH_SECRET_FILE_NAME as AUTH_SECRET_FILE, ENCRYPTION_KEY_FILE_NAME as ENCRYPTION_KEY_FILE, readOrCreateSecretFile } from "./secret-file";

let cachedKey: Buffer | undefined;

/** The data-encryption key: BEACONPORT_ENCRYPTION_KEY, else `<data dir>/encryption-key` (generated once). */
export function dataEncryptionKey(): Buffer {
  if (cachedKey) return cachedKey;
  const e = env();
  if (e.encryptionKey) {
    cachedKey = e.encryptionKey;
  } else {
    const hex = readOrCreateSecretFile(e.dataDir, ENCRYPTION_KEY_FILE, () => randomBytes(32).toString("hex"));
    const key = Buffer.from(hex, "hex");
    if (key.length !== 32) throw new Error(`${path.join(e.dataDir, ENCRYPTION_KEY_FILE)} is not a 32-byte hex key`);
    cachedKey = key;
  }
  return cachedKey;
}

/** The next-auth secret: AUTH_SECRET, else `<data dir>/auth-secret` (generated once). */
export function authSecret(): string {
  const e = env();
  return e.authSecret ?? readOrCreateSecretFile(e.dataDir, AUTH_SECRET_FILE, () => randomBytes(32).toString("base64url"));
}
