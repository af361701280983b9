/** What `npm run backup` and `npm run restore` share: the passphrase, read from a file or the configuration, never argv. */
import fs from "node:fs";
import { env, EnvError } from "@/lib/env";
import { fail } from "./cli";

/** The configuration, or exit 2 naming the variable at fault. */
export function configuration(): ReturnType<typeof env> {
  try {
    return env();
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
}

/**
 * `--passphrase-file FILE` (first line), else BEACONPORT_BACKUP_PASSPHRASE. Not a flag value: command lines
 * are visible to every user of the machine (ps) and end up in shell history.
 */
export function readPassphrase(file: string | undefined, configured: string | undefined): string | undefined {
  if (file === undefined) return configured;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    fail(`Cannot read the passphrase file ${file}: ${(e as NodeJS.ErrnoException).code ?? "error"}`);
  }
  const passphrase = text.split(/\r?\n/)[0] ?? "";
  if (passphrase.length < 12) fail(`The passphrase in ${file} must be at least 12 characters.`);
  return passphrase;
}
