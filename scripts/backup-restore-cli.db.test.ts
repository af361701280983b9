import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit";
import { seal } from "@/lib/crypto";
import { ensureEncryptionKeyMatches } from "@/lib/crypto/key-fingerprint";
import { useTestDatabase, type TestDatabase } from "@/test/db";

/**
 * `npm run backup` and `npm run restore` as an operator runs them (the package.json commands, through tsx
 * with the react-server condition), on the provider npm test chose.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const PASSPHRASE = "an operator's long passphrase";
const SECRET = "collectorSecretKeyForCliTest0123456789ab";

let t: TestDatabase;
let work: string;
const drops: (() => Promise<void>)[] = [];

function npmRun(script: string, args: string[], env: Record<string, string>): { status: number | null; out: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const [, ...tsxArgs] = pkg.scripts[script]!.split(" ");
  // The test process's configuration points at the source; each command gets only what it is given.
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(childEnv)) if (k.startsWith("BEACONPORT_") || k === "DATABASE_URL") delete childEnv[k];
  Object.assign(childEnv, { BEACONPORT_LOG_LEVEL: "silent" }, env);
  const r = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [...tsxArgs, ...args], { cwd: ROOT, env: childEnv, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

async function emptyTarget(): Promise<Record<string, string>> {
  const dataDir = path.join(work, `restored-${randomBytes(3).toString("hex")}`);
  if (t.provider === "sqlite") return { BEACONPORT_DATA_DIR: dataDir };
  const name = `bp_cli_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: t.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  drops.push(async () => {
    const a = new pg.Client({ connectionString: t.url });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  });
  const u = new URL(t.url);
  u.pathname = `/${name}`;
  return { BEACONPORT_DATA_DIR: dataDir, DATABASE_URL: u.toString() };
}

beforeAll(async () => {
  t = await useTestDatabase();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "bp-backup-cli-"));
  await ensureEncryptionKeyMatches(t.db);
  const c = await t.db.connection.create({ data: { name: "Cli estate", status: "saved", model: "{}", accessKeyId: "AKIACLITEST000000001", secretAccessKeySealed: seal(SECRET, "connection-secret") } });
  await recordAudit({ action: "connection.settings", entityType: "Connection", entityId: c.id });
  fs.writeFileSync(path.join(work, "passphrase"), `${PASSPHRASE}\n`, { mode: 0o600 });
});

afterAll(async () => {
  for (const drop of drops) await drop();
  fs.rmSync(work, { recursive: true, force: true });
  await t.cleanup();
});

describe("npm run backup / npm run restore", () => {
  it("backs up with the sealed key and restores into an empty data dir, verified", async () => {
    const source = { BEACONPORT_DATA_DIR: t.dataDir, DATABASE_URL: t.url };
    const file = path.join(work, "cli.bpbackup");
    const backup = npmRun("backup", ["--out", file, "--with-key", "--passphrase-file", path.join(work, "passphrase")], source);
    expect(backup.out).toContain(`Backup written to ${file}`);
    expect(backup.status).toBe(0);
    expect(backup.out).toContain("sealed inside with your passphrase");
    expect(backup.out).not.toContain(PASSPHRASE);

    // Without the passphrase the restore refuses and says which secret would be lost, and how to re-enter it.
    const target = await emptyTarget();
    const refused = npmRun("restore", [file], target);
    expect(refused.status).toBe(1);
    expect(refused.out).toContain(`connection "Cli estate"`);
    expect(refused.out).toContain("the collector's secret access key");
    expect(refused.out).toContain("Nothing was restored");

    const restored = npmRun("restore", [file], { ...target, BEACONPORT_BACKUP_PASSPHRASE: PASSPHRASE });
    expect(restored.out).toContain("Audit trail verified: 1 event(s)");
    expect(restored.status).toBe(0);
    expect(restored.out).toContain("Stored secrets verified: 1 decrypt with the key.");
    expect(restored.out + backup.out + refused.out).not.toContain(SECRET);
  });

  it("refuses a passphrase on the command line and names the missing file", () => {
    expect(npmRun("backup", ["--out", path.join(work, "x"), "--passphrase", PASSPHRASE], {}).status).toBe(2);
    const missing = npmRun("restore", [path.join(work, "no-such.bpbackup")], { BEACONPORT_DATA_DIR: path.join(work, "empty") });
    expect(missing.status).toBe(1);
    expect(missing.out).toContain("no-such.bpbackup");
  });
});
