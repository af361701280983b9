/**
 * A fresh, migrated database per test file, on the provider `npm test` chose: SQLite by default, or a new
 * database inside the throwaway PostgreSQL cluster when DATABASE_URL is a postgres URL (the PG stage).
 * It applies the committed migration files themselves, so the tests also prove the migrations work.
 *
 * Usage in a `*.db.test.ts`:  const t = await useTestDatabase();  ...  afterAll(() => t.cleanup());
 * After it returns, lib/env and lib/db point at the fresh database (and a fresh temp data dir).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { createDbClient, type Db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";

const ROOT = path.resolve(import.meta.dirname, "..");

function migrationFiles(provider: "sqlite" | "postgresql"): string[] {
  const dir = path.join(ROOT, "prisma", provider, "migrations");
  return fs
    .readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, "migration.sql")))
    .sort()
    .map((d) => path.join(dir, d, "migration.sql"));
}

export interface TestDatabase {
  url: string;
  provider: "sqlite" | "postgresql";
  dataDir: string;
  db: Db;
  /** Raw SQL straight to the database, bypassing the app (to simulate tampering, say). */
  rawExec(sql: string, params?: unknown[]): Promise<void>;
  cleanup(): Promise<void>;
}

export async function useTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL ?? "";
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bp-test-data-"));
  let url: string;
  let provider: "sqlite" | "postgresql";
  let rawExec: TestDatabase["rawExec"];
  let drop: () => Promise<void>;

  if (/^postgres(ql)?:\/\//.test(base)) {
    provider = "postgresql";
    const name = `bp_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    url = u.toString();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const file of migrationFiles("postgresql")) await client.query(fs.readFileSync(file, "utf8"));
    rawExec = async (sql, params) => {
      await client.query(sql, params);
    };
    drop = async () => {
      await client.end();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  } else {
    provider = "sqlite";
    const file = path.join(dataDir, "test.db");
    url = `file:${file}`;
    const sqlite = new Database(file);
    for (const f of migrationFiles("sqlite")) sqlite.exec(fs.readFileSync(f, "utf8"));
    rawExec = async (sql, params) => {
      sqlite.prepare(sql.replace(/\$\d+/g, "?")).run(...(params ?? []));
    };
    drop = async () => {
      sqlite.close();
    };
  }

  // Point the app's configuration at this database for the rest of this test file.
  process.env.DATABASE_URL = url;
  process.env.BEACONPORT_DATA_DIR = dataDir;
  resetEnvCache();
  const db = createDbClient(url);
  (globalThis as { __beaconportDb?: Db }).__beaconportDb = db;

  return {
    url,
    provider,
    dataDir,
    db,
    rawExec,
    async cleanup() {
      await db.$disconnect();
      (globalThis as { __beaconportDb?: Db }).__beaconportDb = undefined;
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The same helper under a name the React hooks lint rule leaves alone (for scripts and benchmarks). */
export const createTestDatabase = useTestDatabase;
