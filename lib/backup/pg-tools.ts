/**
 * pg_dump and pg_restore for PostgreSQL backups. The connection goes to them as libpq environment
 * variables, never as arguments: a password in argv is visible to every user of the machine (ps).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** A folder holding pg_dump and pg_restore: PATH first, then Debian's /usr/lib/postgresql/<newest>/bin. */
export function findPgTools(searchPath: string): string | null {
  for (const dir of searchPath.split(":")) {
    if (dir && fs.existsSync(path.join(dir, "pg_dump")) && fs.existsSync(path.join(dir, "pg_restore"))) return dir;
  }
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return null;
  for (const v of fs.readdirSync(base).sort((a, b) => Number(b) - Number(a))) {
    const dir = path.join(base, v, "bin");
    if (fs.existsSync(path.join(dir, "pg_dump")) && fs.existsSync(path.join(dir, "pg_restore"))) return dir;
  }
  return null;
}

/** libpq variables for a postgresql:// URL (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE, ...). */
export function libpqEnv(databaseUrl: string): Record<string, string> {
  const u = new URL(databaseUrl);
  const out: Record<string, string> = {};
  const host = u.searchParams.get("host") ?? decodeURIComponent(u.hostname.replace(/^\[|\]$/g, ""));
  if (host) out.PGHOST = host;
  if (u.port) out.PGPORT = u.port;
  if (u.username) out.PGUSER = decodeURIComponent(u.username);
  if (u.password) out.PGPASSWORD = decodeURIComponent(u.password);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (database) out.PGDATABASE = database;
  for (const [param, variable] of [["sslmode", "PGSSLMODE"], ["sslrootcert", "PGSSLROOTCERT"], ["sslcert", "PGSSLCERT"], ["sslkey", "PGSSLKEY"]] as const) {
    const v = u.searchParams.get(param);
    if (v) out[variable] = v;
  }
  return out;
}

/** Runs a PostgreSQL tool; on failure the error carries its stderr (which names no password: none was passed in argv). */
export function runPgTool(bin: string, args: string[], databaseUrl: string, baseEnv: Record<string, string | undefined>): Promise<void> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { PATH: baseEnv.PATH, HOME: baseEnv.HOME, LANG: "C.UTF-8", ...libpqEnv(databaseUrl) };
    const child = spawn(bin, args, { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(bin)} exited with ${code}: ${stderr.trim().slice(0, 2000)}`))));
  });
}
