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

/**
 * Prisma's answer when another process holds the migration lock longer than its fixed 10 s wait: on
 * PostgreSQL, instances started together all run `migrate deploy`, and one waits for another's lock.
 */
export function isMigrationLockTimeout(output: string): boolean {
  return /P1002/.test(output) && /advisory lock/i.test(output);
}

type CliResult = Pick<SpawnSyncReturns<string>, "status" | "stdout" | "stderr">;

/**
 * `prisma migrate deploy` for the database at `url` (provider chosen from the URL by prisma.config.ts).
 * While another instance holds the migration lock, tries again (up to `attempts` times, `pauseMs` apart):
 * once that instance is done, the migrations are applied and this run finds nothing pending.
 */
export function migrateDeploy(
  url: string,
  extraEnv: Record<string, string> = {},
  options: { attempts?: number; pauseMs?: number; run?: (env: Record<string, string>) => CliResult; wait?: (ms: number) => void } = {},
): void {
  const { attempts = 6, pauseMs = 2000 } = options;
  const run = options.run ?? ((env) => prismaCli(["migrate", "deploy"], { env }));
  const wait = options.wait ?? ((ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms));
  for (let attempt = 1; ; attempt++) {
    const result = run({ ...extraEnv, DATABASE_URL: url });
    if (result.status === 0) {
      const applied = /(\d+) migrations? found|No pending migrations to apply|applied/i.exec(result.stdout);
      if (applied) console.log(`  prisma migrate deploy: ${result.stdout.trim().split("\n").at(-1)}`);
      return;
    }
    if (attempt < attempts && isMigrationLockTimeout(result.stdout + result.stderr)) {
      console.log(`  prisma migrate deploy: another instance holds the migration lock; trying again (${attempt + 1} of ${attempts}) ...`);
      wait(pauseMs);
      continue;
    }
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`prisma migrate deploy failed (exit ${result.status ?? "signal"})`);
  }
}
