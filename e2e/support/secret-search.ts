/**
 * Where planted secrets must not be: the e2e database (SQLite: its files; PostgreSQL: a plain-text
 * `pg_dump --data-only` of this run's database), the web server's log (stdout and stderr,
 * see playwright.config.ts), and what the browser received (recorded as HAR, bodies included, so nothing
 * is lost when the page navigates on). Each search answers the places a secret was found, by name, so a
 * spec can allow the few places meant to hold one and expect the rest to be empty.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { findPgBin } from "../../scripts/lib/pg-cluster";
import { e2eDatabaseUrl, e2eDialect } from "./e2e-database";

export interface Captured {
  url: string;
  method: string;
  /** A server action call (Next-Action header). */
  action: boolean;
  body: string;
  at: number;
}

/** Every response of a HAR recording (`browser.newContext({ recordHar: { path, content: "embed" } })`). */
export function readHar(file: string): Captured[] {
  const har = JSON.parse(fs.readFileSync(file, "utf8")) as {
    log: { entries: { startedDateTime: string; request: { url: string; method: string; headers: { name: string; value: string }[] }; response: { content: { text?: string; encoding?: string } } }[] };
  };
  return har.log.entries.map((e) => ({
    url: e.request.url,
    method: e.request.method,
    action: e.request.headers.some((h) => h.name.toLowerCase() === "next-action"),
    body: e.response.content.text ? (e.response.content.encoding === "base64" ? Buffer.from(e.response.content.text, "base64").toString("utf8") : e.response.content.text) : "",
    at: Date.parse(e.startedDateTime),
  }));
}

function dataDir(): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is not set (playwright.config.ts sets it)");
  return dir;
}

/**
 * What holds this run's data, searched as bytes (plaintext only, sealed values do not match). SQLite: the
 * database files (main file, WAL and journal). PostgreSQL: a fresh data-only dump of the run's database
 * (every row of every table as COPY text), written to the data dir as e2e.pg_dump.sql.
 */
export function databaseFiles(): string[] {
  if (e2eDialect() === "postgresql") return [dumpPostgres()];
  return fs
    .readdirSync(dataDir())
    .filter((f) => f.startsWith("e2e.db"))
    .map((f) => path.join(dataDir(), f));
}

function dumpPostgres(): string {
  const bin = findPgBin();
  const pgDump = bin && fs.existsSync(path.join(bin, "pg_dump")) ? path.join(bin, "pg_dump") : "/usr/bin/pg_dump";
  const file = path.join(dataDir(), "e2e.pg_dump.sql");
  const r = spawnSync(pgDump, ["--data-only", "--format=plain", "--no-owner", "--file", file, "--dbname", e2eDatabaseUrl()], { encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr || r.error?.message}`);
  return file;
}

/** "<secret name> in <file>" for each database file holding a secret's plaintext. */
export function secretsInDatabase(secrets: Record<string, string>): string[] {
  const hits: string[] = [];
  for (const file of databaseFiles()) {
    const bytes = fs.readFileSync(file);
    for (const [name, value] of Object.entries(secrets)) if (bytes.includes(value)) hits.push(`${name} in ${path.basename(file)}`);
  }
  return hits;
}

export function serverLog(): string {
  return fs.readFileSync(path.join(dataDir(), "server.log"), "utf8");
}

/** "<secret name> in the server log" for each secret the web server printed. */
export function secretsInServerLog(secrets: Record<string, string>): string[] {
  const log = serverLog();
  return Object.entries(secrets)
    .filter(([, value]) => log.includes(value))
    .map(([name]) => `${name} in the server log`);
}

/** "<secret name> in <where>" for each text (page HTML, response body) holding a secret. */
export function secretsInTexts(secrets: Record<string, string>, texts: { where: string; text: string }[]): string[] {
  const hits: string[] = [];
  for (const t of texts) for (const [name, value] of Object.entries(secrets)) if (t.text.includes(value)) hits.push(`${name} in ${t.where}`);
  return hits;
}
