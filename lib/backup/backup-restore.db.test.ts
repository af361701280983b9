import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit";
import { seal } from "@/lib/crypto";
import { ensureEncryptionKeyMatches, KEY_FINGERPRINT_FACT } from "@/lib/crypto/key-fingerprint";
import { dataEncryptionKey } from "@/lib/crypto/keys";
import { unsealWithKey } from "@/lib/crypto/seal";
import { createDbClient } from "@/lib/db/client";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { BadBackupError } from "./backup-file";
import { createBackup } from "./create-backup";
import { restoreBackup, RestoreRefusedError, type RestoreBackupOptions } from "./restore-backup";

/**
 * Issue 16, item 3: backup → wipe → restore → verify, on the provider npm test chose (SQLite in the unit
 * stage, the throwaway PostgreSQL cluster in the postgres stage, through pg_dump and pg_restore).
 */
const PASSPHRASE = "correct horse battery staple";
const SECRETS = { collector: "collectorSecretKey0123456789abcdefghijkl", proxy: "proxy-pass-!@#", webhook: "whsec-0123456789" };

let t: TestDatabase;
let work: string;
let connectionId = "";
const targets: { url: string; drop: () => Promise<void> }[] = [];

/** A place to restore into: a new data dir and an empty database of the same provider. */
async function emptyTarget(): Promise<{ dataDir: string; databaseUrl: string }> {
  const dataDir = path.join(work, `target-${randomBytes(3).toString("hex")}`);
  if (t.provider === "sqlite") return { dataDir, databaseUrl: `file:${path.join(dataDir, "beaconport.db")}` };
  const name = `bp_restore_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: t.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(t.url);
  u.pathname = `/${name}`;
  const url = u.toString();
  targets.push({
    url,
    drop: async () => {
      const a = new pg.Client({ connectionString: t.url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  });
  return { dataDir, databaseUrl: url };
}

function restoreOptions(file: string, target: { dataDir: string; databaseUrl: string }, extra: Partial<RestoreBackupOptions> = {}): RestoreBackupOptions {
  return { file, ...target, configuredKey: undefined, passphrase: undefined, withoutKey: false, processEnv: process.env, ...extra };
}

async function backup(name: string, extra: { withKey?: boolean } = {}): Promise<string> {
  const out = path.join(work, name);
  await createBackup({ out, databaseUrl: t.url, dataDir: t.dataDir, configuredKey: undefined, withKey: extra.withKey ?? false, passphrase: extra.withKey ? PASSPHRASE : undefined, processEnv: process.env });
  return out;
}

beforeAll(async () => {
  t = await useTestDatabase();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "bp-backup-test-"));
  // An installed portal: its key recorded, a connection with all three secrets sealed, an audit trail.
  await ensureEncryptionKeyMatches(t.db);
  const c = await t.db.connection.create({
    data: {
      name: "Production estate",
      status: "saved",
      model: "{}",
      accessKeyId: "AKIABACKUPTEST000001",
      secretAccessKeySealed: seal(SECRETS.collector, "connection-secret"),
      proxyPasswordSealed: seal(SECRETS.proxy, "proxy-password"),
      webhookUrl: "https://hooks.example.com/beaconport",
      webhookSecretSealed: seal(SECRETS.webhook, "webhook-secret"),
    },
  });
  connectionId = c.id;
  for (let i = 0; i < 5; i++) await recordAudit({ action: "connection.settings", entityType: "Connection", entityId: c.id, after: { i } });
});

afterAll(async () => {
  for (const target of targets) await target.drop();
  fs.rmSync(work, { recursive: true, force: true });
  await t.cleanup();
});

describe("backup → wipe → restore → verify", () => {
  it("with the key sealed by a passphrase: the audit chain verifies and every stored secret decrypts", async () => {
    const file = await backup("with-key.bpbackup", { withKey: true });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const raw = fs.readFileSync(file);
    // The key is in there only sealed; the secrets only as the database holds them (sealed).
    expect(raw.includes(dataEncryptionKey().toString("hex"))).toBe(false);
    for (const s of Object.values(SECRETS)) expect(raw.includes(s)).toBe(false);

    const target = await emptyTarget();
    const report = await restoreBackup(restoreOptions(file, target, { passphrase: PASSPHRASE }));
    expect(report).toMatchObject({ keySource: "backup", auditEvents: 5, secretsVerified: 3, forgotten: [] });
    // The key was written where npm start looks for it, the same key as the source's.
    expect(fs.readFileSync(path.join(target.dataDir, "encryption-key"), "utf8").trim()).toBe(dataEncryptionKey().toString("hex"));
    expect(fs.statSync(path.join(target.dataDir, "encryption-key")).mode & 0o777).toBe(0o600);

    const restored = createDbClient(target.databaseUrl);
    try {
      const row = await restored.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { secretAccessKeySealed: true, proxyPasswordSealed: true, webhookSecretSealed: true } });
      expect(unsealWithKey(dataEncryptionKey(), row.secretAccessKeySealed!, "connection-secret")).toBe(SECRETS.collector);
      expect(unsealWithKey(dataEncryptionKey(), row.proxyPasswordSealed!, "proxy-password")).toBe(SECRETS.proxy);
      expect(unsealWithKey(dataEncryptionKey(), row.webhookSecretSealed!, "webhook-secret")).toBe(SECRETS.webhook);
      // The restored install accepts the key (the fingerprint fact came along).
      await expect(ensureEncryptionKeyMatches(restored, dataEncryptionKey())).resolves.toMatchObject({ recorded: false });
      // The restore is on the trail, after the verified events.
      expect((await restored.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).action).toBe("backup.restored");
    } finally {
      await restored.$disconnect();
    }

    // A second restore into the same place is refused: a restore never overwrites.
    await expect(restoreBackup(restoreOptions(file, target, { passphrase: PASSPHRASE }))).rejects.toThrow(/not empty|exists already/);
  });

  it("without the key: refuses, naming each secret that would become unusable and how to re-enter it; nothing is written", async () => {
    const file = await backup("without-key.bpbackup");
    const target = await emptyTarget();
    const refused = await restoreBackup(restoreOptions(file, target)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RestoreRefusedError);
    const message = (refused as Error).message;
    expect(message).toContain(`connection "Production estate" (id ${connectionId}): the collector's secret access key — `);
    expect(message).toContain("Rotate the collector's access key");
    expect(message).toContain(`the proxy password — open /connections/${connectionId}/setup, step 8`);
    expect(message).toContain("the webhook signing secret — Connections → the connection → Manage → Notifications");
    expect(message).toContain("--without-key");
    expect(message).toContain("Nothing was restored");
    for (const s of Object.values(SECRETS)) expect(message).not.toContain(s);
    expect(fs.existsSync(target.dataDir)).toBe(false);

    // A wrong passphrase on a backup with a sealed key is refused too, before anything is written.
    const sealedFile = await backup("with-key-2.bpbackup", { withKey: true });
    await expect(restoreBackup(restoreOptions(sealedFile, target, { passphrase: "not the passphrase" }))).rejects.toThrow(/passphrase does not open the key/);
    expect(fs.existsSync(target.dataDir)).toBe(false);
  });

  it("without the key, with --without-key: restores, removes the unusable secrets, audits it, and the chain still verifies", async () => {
    const file = await backup("without-key-2.bpbackup");
    const target = await emptyTarget();
    const report = await restoreBackup(restoreOptions(file, target, { withoutKey: true }));
    expect(report.keySource).toBe("none");
    expect(report.forgotten.map((f) => f.column).sort()).toEqual(["proxyPasswordSealed", "secretAccessKeySealed", "webhookSecretSealed"]);
    expect(report.auditEvents).toBe(6);
    const restored = createDbClient(target.databaseUrl);
    try {
      const row = await restored.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { accessKeyId: true, secretAccessKeySealed: true, proxyPasswordSealed: true, webhookSecretSealed: true } });
      expect(row).toEqual({ accessKeyId: "AKIABACKUPTEST000001", secretAccessKeySealed: null, proxyPasswordSealed: null, webhookSecretSealed: null });
      // A new key may start on it: the old fingerprint is gone.
      expect(await restored.installationFact.findUnique({ where: { name: KEY_FINGERPRINT_FACT } })).toBeNull();
      await expect(ensureEncryptionKeyMatches(restored, randomBytes(32))).resolves.toMatchObject({ recorded: true });
      const event = await restored.auditEvent.findFirstOrThrow({ where: { action: "backup.restored-without-key" } });
      expect(event.after).toContain("the proxy password");
    } finally {
      await restored.$disconnect();
    }
  });

  it("without --with-key but with the key file copied into the empty data dir: everything decrypts", async () => {
    const file = await backup("without-key-3.bpbackup");
    const target = await emptyTarget();
    fs.mkdirSync(target.dataDir, { recursive: true });
    fs.copyFileSync(path.join(t.dataDir, "encryption-key"), path.join(target.dataDir, "encryption-key"));
    const report = await restoreBackup(restoreOptions(file, target));
    expect(report).toMatchObject({ keySource: "key-file", secretsVerified: 3, forgotten: [] });
  });

  it("refuses an altered or truncated backup, and a database of the other provider", async () => {
    const file = await backup("tampered.bpbackup");
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    fs.writeFileSync(path.join(work, "tampered-2.bpbackup"), bytes);
    fs.writeFileSync(path.join(work, "truncated.bpbackup"), bytes.subarray(0, bytes.length - 10));
    const target = await emptyTarget();
    await expect(restoreBackup(restoreOptions(path.join(work, "tampered-2.bpbackup"), target))).rejects.toBeInstanceOf(BadBackupError);
    await expect(restoreBackup(restoreOptions(path.join(work, "truncated.bpbackup"), target))).rejects.toThrow(/truncated or altered/);
    const other = t.provider === "sqlite" ? "postgresql://u@127.0.0.1:1/none" : `file:${path.join(work, "x.db")}`;
    await expect(restoreBackup(restoreOptions(file, { dataDir: target.dataDir, databaseUrl: other }))).rejects.toThrow(/backup, but DATABASE_URL names a/);
  });

  it("a backup never overwrites a file", async () => {
    const file = await backup("once.bpbackup");
    await expect(createBackup({ out: file, databaseUrl: t.url, dataDir: t.dataDir, configuredKey: undefined, withKey: false, passphrase: undefined, processEnv: process.env })).rejects.toThrow(/exists already/);
  });
});
