/**
 * Secrets persisted in the data dir (auth secret, data-encryption key). Not `server-only`: the start
 * script creates them before the server runs, so concurrent server workers never race to create them.
 */
import fs from "node:fs";
import path from "node:path";

/**
 * Reads `<dataDir>/<name>`, creating it first (mode 0600, exclusive create: when two processes start at
 * once, both end up with the one value that won) when absent.
 */
export function readOrCreateSecretFile(dataDir: string, name: string, create: () => string): string {
  const file = path.join(dataDir, name);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, create() + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return fs.readFileSync(file, "utf8").trim();
}

export const AUTH_SECRET_FILE_NAME = "auth-secret";
export const ENCRYPTION_KEY_FILE_NAME = "encryption-key";
