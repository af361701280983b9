import fs from "node:fs";
import path from "node:path";
import { ENCRYPTION_KEY_FILE_NAME } from "@/lib/crypto/secret-file";

/** The key the portal would use, without creating one: BEACONPORT_ENCRYPTION_KEY, else `<data dir>/encryption-key`. */
export function existingDataEncryptionKey(configured: Buffer | undefined, dataDir: string): { key: Buffer; source: "configured" | "key-file" } | null {
  if (configured) return { key: configured, source: "configured" };
  const file = path.join(dataDir, ENCRYPTION_KEY_FILE_NAME);
  if (!fs.existsSync(file)) return null;
  const hex = fs.readFileSync(file, "utf8").trim();
  const key = Buffer.from(hex, "hex");
  if (!/^[0-9a-fA-F]{64}$/.test(hex) || key.length !== 32) throw new Error(`${file} is not a 32-byte hex key`);
  return { key, source: "key-file" };
}

/** Writes `<data dir>/encryption-key` as the start script would (hex, mode 0600, never over an existing file). */
export function writeDataEncryptionKeyFile(dataDir: string, key: Buffer): string {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, ENCRYPTION_KEY_FILE_NAME);
  fs.writeFileSync(file, key.toString("hex") + "\n", { mode: 0o600, flag: "wx" });
  return file;
}
