/** Runs the Prisma CLI offline (no update checks), for one provider's schema folder. */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

export function prismaCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; quiet?: boolean } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...options.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** `prisma migrate deploy` for the database at `url` (provider chosen from the URL by prisma.config.ts). */
export function migrateDeploy(url: string, extraEnv: Record<string, string> = {}): void {
  const result = prismaCli(["migrate", "deploy"], { env: { ...extraEnv, DATABASE_URL: url } });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`prisma migrate deploy failed (exit ${result.status ?? "signal"})`);
  }
  const applied = /(\d+) migrations? found|No pending migrations to apply|applied/i.exec(result.stdout);
  if (applied) console.log(`  prisma migrate deploy: ${result.stdout.trim().split("\n").at(-1)}`);
}
