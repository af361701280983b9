import fs from "node:fs";
import path from "node:path";

/**
 * The first-run setup token the server printed and wrote at start (lib/auth/setup-token.ts), read from
 * the data dir the harness gave it, as an operator reads it from theirs. With several instances on one
 * database only the one that generated it holds the file: the first of `dirs` that has it.
 */
export function setupTokenPath(...dirs: string[]): string {
  const candidates = (dirs.length ? dirs : [process.env.E2E_DATA_DIR ?? ""]).map((dir) => path.join(dir, "setup-token"));
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`no setup-token file in ${candidates.join(", ")} (has the server started on a fresh database?)`);
  return found;
}

export function readSetupToken(...dirs: string[]): string {
  return fs.readFileSync(setupTokenPath(...dirs), "utf8").trim();
}
