/**
 * Which database this e2e run uses, and the guard every helper that writes to it goes through (like dub's
 * test guard): only this run's throwaway database is ever opened. SQLite: `e2e.db` in the run's temp data
 * dir (playwright.config.ts). PostgreSQL: the database the harness created for this run in its throwaway
 * cluster (scripts/test.ts), named `bp_e2e_…` on a loopback address and passed as E2E_DATABASE_URL.
 * No imports beyond Node's: the seed scripts (run with tsx) use it too.
 */
import path from "node:path";

export type E2eDialect = "sqlite" | "postgresql";

const PG_URL = /^postgres(ql)?:\/\//;

/** Throws unless `url` is this kind of run's throwaway database. */
export function assertE2eDatabaseUrl(url: string, dataDir = process.env.E2E_DATA_DIR ?? ""): void {
  if (PG_URL.test(url)) {
    const u = new URL(url);
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
    if (!loopback || !/^\/bp_e2e_[a-z0-9_]+$/.test(u.pathname)) throw new Error("refusing a PostgreSQL database other than this run's throwaway bp_e2e_… database on a loopback address");
    return;
  }
  const file = url.replace(/^file:/, "");
  if (!dataDir.includes("bp-e2e-") || path.dirname(file) !== dataDir) throw new Error("refusing to open a database outside the e2e temp dir");
}

/** The URL of this run's database (the web server's DATABASE_URL), checked by the guard. */
export function e2eDatabaseUrl(): string {
  const dataDir = process.env.E2E_DATA_DIR ?? "";
  const url = process.env.E2E_DATABASE_URL || `file:${path.join(dataDir, "e2e.db")}`;
  assertE2eDatabaseUrl(url, dataDir);
  return url;
}

export function e2eDialect(): E2eDialect {
  return PG_URL.test(process.env.E2E_DATABASE_URL ?? "") ? "postgresql" : "sqlite";
}

/** Marks the seed server's replies on its stdout (seed-server.ts writes them, seed.ts reads them). */
export const SEED_REPLY_PREFIX = "@@seed ";

let seeding: string | null = null;

/**
 * For e2e/support/seed-server.ts: points the app's modules (lib/db, lib/crypto's data-dir key) at this run's
 * database and data dir, after the guard. One seed server serves one run: another database is refused.
 */
export function pointAtE2eDatabase(job: { dataDir: string; databaseUrl: string }): void {
  if (!job.dataDir?.includes("bp-e2e-")) throw new Error("the seed server refuses a data dir outside the e2e temp dir");
  assertE2eDatabaseUrl(job.databaseUrl ?? "", job.dataDir);
  const key = `${job.dataDir}\n${job.databaseUrl}`;
  if (seeding !== null && seeding !== key) throw new Error("one seed server serves one e2e database");
  seeding = key;
  process.env.BEACONPORT_DATA_DIR = job.dataDir;
  process.env.DATABASE_URL = job.databaseUrl;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
}
