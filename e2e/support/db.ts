/**
 * Direct access to the e2e database, to check that refused requests changed nothing, to age a session or
 * to seed rows. Synchronous on both providers: SQLite through better-sqlite3, PostgreSQL through a worker
 * thread holding one connection (pg-sync.mjs), waited for with Atomics.wait. Write SQL once with `?` placeholders and quoted identifiers; results look the
 * same on both (counts as numbers, booleans as 0/1). Only ever this run's throwaway database (guarded in
 * e2e-database.ts, like dub's test guard).
 */
import path from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import Database from "better-sqlite3";
import { e2eDatabaseUrl, e2eDialect } from "./e2e-database";

export interface Statement {
  sql: string;
  params?: unknown[];
}

/** `?` → `$1, $2, ...` outside quoted strings and identifiers. */
export function toPgPlaceholders(sql: string): string {
  let n = 0;
  let quote: string | null = null;
  let out = "";
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "?") {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

interface PgChannel {
  url: string;
  port: MessagePort;
  signal: Int32Array;
}
let channel: PgChannel | null = null;

/** One worker thread per spec process, holding one connection (pg-sync.mjs); unref'd, so it never keeps the process up. */
function pgChannel(url: string): PgChannel {
  if (channel?.url === url) return channel;
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(path.join(import.meta.dirname, "pg-sync.mjs"), { workerData: { url, signal, port: port2 }, transferList: [port2] });
  worker.unref();
  port1.unref();
  // A worker that died answers nothing: runPg then fails with its own message instead of the process crashing.
  worker.on("error", () => {
    if (channel?.port === port1) channel = null;
  });
  channel = { url, port: port1, signal };
  return channel;
}

function runPg(statements: Statement[], transaction: boolean): { rows: unknown[]; rowCount: number }[] {
  const c = pgChannel(e2eDatabaseUrl());
  Atomics.store(c.signal, 0, 0);
  c.port.postMessage({ transaction, statements: statements.map((s) => ({ sql: toPgPlaceholders(s.sql), params: s.params ?? [] })) });
  if (Atomics.wait(c.signal, 0, 0, 30_000) === "timed-out") throw new Error("e2e database (PostgreSQL): no answer within 30 s");
  const reply = receiveMessageOnPort(c.port)?.message as { ok: true; out: { rows: unknown[]; rowCount: number }[] } | { ok: false; error: string } | undefined;
  if (!reply) throw new Error("e2e database (PostgreSQL): the worker answered nothing");
  if (!reply.ok) throw new Error(`e2e database (PostgreSQL): ${reply.error}`);
  return reply.out;
}

function withSqlite<T>(fn: (db: Database) => T): T {
  const db = new Database(e2eDatabaseUrl().replace(/^file:/, ""), { timeout: 10_000 });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function query<T>(sql: string, ...params: unknown[]): T[] {
  if (e2eDialect() === "postgresql") return runPg([{ sql, params }], false)[0]!.rows as T[];
  return withSqlite((db) => db.prepare(sql).all(...params) as T[]);
}

/** Several queries in one round trip (on PostgreSQL one child process instead of one each): the rows of each. */
export function queryAll(statements: Statement[]): unknown[][] {
  if (e2eDialect() === "postgresql") return runPg(statements, false).map((r) => r.rows);
  return withSqlite((db) => statements.map((s) => db.prepare(s.sql).all(...(s.params ?? []))));
}

/** Runs one statement; answers the number of rows it changed. */
export function exec(sql: string, ...params: unknown[]): number {
  if (e2eDialect() === "postgresql") return runPg([{ sql, params }], false)[0]!.rowCount;
  return withSqlite((db) => db.prepare(sql).run(...params).changes);
}

/** Several statements in one transaction (all or nothing): bulk seeding in one write. */
export function execInTransaction(statements: Statement[]): void {
  if (e2eDialect() === "postgresql") {
    runPg(statements, true);
    return;
  }
  withSqlite((db) => {
    db.exec("BEGIN");
    try {
      for (const s of statements) db.prepare(s.sql).run(...(s.params ?? []));
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  });
}

export function auditCount(action: string): number {
  return query<{ n: number }>(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = ?`, action)[0]!.n;
}

export function userByEmail(email: string): { id: string; role: string; disabled: number; mustChangePassword: number } | undefined {
  return query<{ id: string; role: string; disabled: number; mustChangePassword: number }>(`SELECT "id","role","disabled","mustChangePassword" FROM "User" WHERE "email" = ?`, email)[0];
}
