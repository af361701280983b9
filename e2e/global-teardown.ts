import fs from "node:fs";

/** The temp data dir (database, generated keys) goes away with the run. */
export default function globalTeardown(): void {
  const dir = process.env.E2E_DATA_DIR;
  if (dir && dir.includes("bp-e2e-")) fs.rmSync(dir, { recursive: true, force: true });
}
