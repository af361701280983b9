/**
 * Direct access to the e2e database, to check that refused requests changed nothing and to age a
 * session. Only ever the temp database of this run (guarded, like dub's test guard).
 */
import path from "node:path";
import Database from "better-sqlite3";

export function e2eDb(): Database {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir || !dir.includes("bp-e2e-")) throw new Error("refusing to open a database outside the e2e temp dir");
  return new Database(path.join(dir, "e2e.db"), { timeout: 10_000 });
}

export function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = e2eDb();
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function exec(sql: string, ...params: unknown[]): number {
  const db = e2eDb();
  try {
    return db.prepare(sql).run(...params).changes;
  } finally {
    db.close();
  }
}

export function auditCount(action: string): number {
  return query<{ n: number }>(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = ?`, action)[0]!.n;
}

export function userByEmail(email: string): { id: string; role: string; disabled: number; mustChangePassword: number } | undefined {
  return query<{ id: string; role: string; disabled: number; mustChangePassword: number }>(`SELECT "id","role","disabled","mustChangePassword" FROM "User" WHERE "email" = ?`, email)[0];
}
