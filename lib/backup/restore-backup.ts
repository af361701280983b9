import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { recordAudit } from "@/lib/audit/record-audit";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { keyFingerprint, KEY_FINGERPRINT_FACT } from "@/lib/crypto/key-fingerprint";
import { unsealWithKey } from "@/lib/crypto/seal";
import { AUTH_SECRET_FILE_NAME, ENCRYPTION_KEY_FILE_NAME } from "@/lib/crypto/secret-file";
import { providerOf } from "@/lib/db/adapters";
import { createDbClient, type Db } from "@/lib/db/client";
import { extractPayload, readBackupFile, type BackupManifest } from "./backup-file";
import { existingDataEncryptionKey, writeDataEncryptionKeyFile } from "./data-dir-key";
import { findPgTools, runPgTool } from "./pg-tools";
import { auditHead, storedSecretValues } from "./read-database-facts";
import { openSealedKey, WrongPassphraseError } from "./seal-key";
import { describeUnusableSecret, secretKindOf, STORED_SECRETS, type StoredSecretRef } from "./stored-secrets";

export interface RestoreBackupOptions {
  file: string;
  /** Where to restore: an absent SQLite file, or an empty PostgreSQL database. */
  databaseUrl: string;
  /** Must be empty but for an `encryption-key` (and `auth-secret`) the operator put there. */
  dataDir: string;
  configuredKey: Buffer | undefined;
  /** Opens the key sealed into the backup (npm run backup -- --with-key). */
  passphrase: string | undefined;
  /** Restore although the key is missing: the sealed secrets are forgotten and listed for re-entry. */
  withoutKey: boolean;
  pgToolsDir?: string;
  processEnv?: Record<string, string | undefined>;
}

export interface RestoreReport {
  provider: "sqlite" | "postgresql";
  /** Where the data-encryption key came from: the configuration, the data dir's key file, or the backup (written to the data dir). */
  keySource: "configured" | "key-file" | "backup" | "none";
  keyFile: string | null;
  auditEvents: number;
  /** Stored secrets that were decrypted successfully after the restore. */
  secretsVerified: number;
  /** Secrets that could not be kept (no key): removed, to be entered again as described. */
  forgotten: StoredSecretRef[];
}

/** Refused before anything was written: the message says why and what to do. */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreRefusedError";
  }
}

/** The data was restored but does not check out (audit chain, key, secrets): never silently accepted. */
export class RestoreVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreVerificationError";
  }
}

const ALLOWED_IN_EMPTY_DATA_DIR = new Set([ENCRYPTION_KEY_FILE_NAME, AUTH_SECRET_FILE_NAME]);

/**
 * Restores a backup into an empty data dir (and an empty database), then proves it: the audit chain
 * verifies up to at least the head the backup noted, and every stored secret decrypts with the key.
 * Without the key it refuses, naming each secret that would become unusable and how to enter it again,
 * unless `withoutKey` says to go ahead (those secrets are then removed and the same list printed).
 */
export async function restoreBackup(options: RestoreBackupOptions): Promise<RestoreReport> {
  const { manifest, payloadOffset } = await readBackupFile(options.file);
  const provider = providerOf(options.databaseUrl);
  if (provider !== manifest.provider) {
    throw new RestoreRefusedError(`This is a ${manifest.provider} backup, but DATABASE_URL names a ${provider} database. Restore into the same kind of database (see README, "Backup and restore").`);
  }
  await ensureEmptyTarget(options, provider);

  const key = resolveKey(manifest, options);
  const forgetting = key.matches ? [] : manifest.storedSecrets;
  if (!key.matches && forgetting.length > 0 && !options.withoutKey) {
    throw new RestoreRefusedError(
      [
        `The data-encryption key these secrets were sealed with (fingerprint ${manifest.keyFingerprint}) is not available: ${key.why}`,
        `Restoring without it makes these ${forgetting.length} stored secret(s) unusable:`,
        ...forgetting.map((ref) => `  - ${describeUnusableSecret(ref)}`),
        "Nothing was restored. Either:",
        `  - give the key: BEACONPORT_ENCRYPTION_KEY, or its file copied to ${path.join(options.dataDir, ENCRYPTION_KEY_FILE_NAME)}` +
          (manifest.sealedKey ? ", or the backup's passphrase in BEACONPORT_BACKUP_PASSPHRASE (or --passphrase-file)" : "") +
          ", and run the restore again; or",
        "  - run it again with --without-key: the secrets above are removed and must be entered again as described.",
      ].join("\n"),
    );
  }

  // Write: the key file first (exclusive create), then the database.
  let keyFile: string | null = null;
  if (key.source === "backup" && key.key) keyFile = writeDataEncryptionKeyFile(options.dataDir, key.key);
  else if (key.source === "key-file") keyFile = path.join(options.dataDir, ENCRYPTION_KEY_FILE_NAME);
  await restorePayload(options, manifest, payloadOffset, provider);

  const db = createDbClient(options.databaseUrl);
  try {
    if (!key.matches) await forgetSecrets(db, forgetting);
    const verified = await verifyRestored(db, manifest, key.matches ? key.key : null);
    // Appended after the check, so the trail shows when this database came back and from which backup.
    await recordAudit({ action: "backup.restored", after: { backupCreatedAt: manifest.createdAt, provider, auditEvents: verified.auditEvents, keySource: key.source, forgotten: forgetting.length } }, { db });
    return { provider, keySource: key.source, keyFile, ...verified, forgotten: forgetting };
  } finally {
    await db.$disconnect();
  }
}

async function ensureEmptyTarget(options: RestoreBackupOptions, provider: "sqlite" | "postgresql"): Promise<void> {
  if (fs.existsSync(options.dataDir)) {
    const extra = fs.readdirSync(options.dataDir).filter((name) => !ALLOWED_IN_EMPTY_DATA_DIR.has(name));
    if (extra.length) {
      throw new RestoreRefusedError(`The data dir ${options.dataDir} is not empty (${extra.slice(0, 5).join(", ")}${extra.length > 5 ? ", ..." : ""}). Restore into a new, empty data dir (BEACONPORT_DATA_DIR); only an encryption-key file may be there already.`);
    }
  }
  if (provider === "sqlite") {
    const file = options.databaseUrl.replace(/^file:/, "");
    for (const f of [file, `${file}-wal`, `${file}-journal`]) {
      if (fs.existsSync(f)) throw new RestoreRefusedError(`${f} exists already: restore into an empty data dir (a restore never overwrites a database).`);
    }
    return;
  }
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`);
    if (Number(rows[0]?.n ?? 0) > 0) throw new RestoreRefusedError(`The database in DATABASE_URL is not empty (${rows[0]?.n} tables). Create an empty database (createdb) and point DATABASE_URL at it.`);
  } finally {
    await client.end();
  }
}

function resolveKey(manifest: BackupManifest, options: RestoreBackupOptions): { key: Buffer | null; source: RestoreReport["keySource"]; matches: boolean; why: string } {
  const existing = existingDataEncryptionKey(options.configuredKey, options.dataDir);
  let fromBackup: Buffer | null = null;
  if (manifest.sealedKey && options.passphrase) {
    try {
      fromBackup = openSealedKey(manifest.sealedKey, options.passphrase);
    } catch (error) {
      if (error instanceof WrongPassphraseError) throw new RestoreRefusedError(`${error.message} Nothing was restored.`);
      throw error;
    }
  }
  if (existing && fromBackup && !existing.key.equals(fromBackup)) {
    const where = existing.source === "configured" ? "BEACONPORT_ENCRYPTION_KEY" : path.join(options.dataDir, ENCRYPTION_KEY_FILE_NAME);
    throw new RestoreRefusedError(`${where} is another key than the one sealed in the backup. Remove it (the backup's key will be written to the data dir), or restore without the passphrase. Nothing was restored.`);
  }
  const key = existing?.key ?? fromBackup;
  const source: RestoreReport["keySource"] = existing ? existing.source : fromBackup ? "backup" : "none";
  // A backup of an install that never had a key holds no sealed secrets: any key will do.
  if (manifest.keyFingerprint === null) return { key, source, matches: true, why: "" };
  if (!key) {
    const why = manifest.sealedKey
      ? "the backup holds it sealed with a passphrase, but none was given (BEACONPORT_BACKUP_PASSPHRASE or --passphrase-file)."
      : "neither BEACONPORT_ENCRYPTION_KEY nor an encryption-key file in the data dir is there, and the backup was made without --with-key.";
    return { key: null, source, matches: false, why };
  }
  const fingerprint = keyFingerprint(key);
  if (fingerprint !== manifest.keyFingerprint) {
    return { key, source, matches: false, why: `the key given (${existing?.source === "configured" ? "BEACONPORT_ENCRYPTION_KEY" : "the data dir's encryption-key"}) has fingerprint ${fingerprint}.` };
  }
  return { key, source, matches: true, why: "" };
}

async function restorePayload(options: RestoreBackupOptions, manifest: BackupManifest, payloadOffset: number, provider: "sqlite" | "postgresql"): Promise<void> {
  if (provider === "sqlite") {
    const file = options.databaseUrl.replace(/^file:/, "");
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const partial = `${file}.restoring-${randomBytes(4).toString("hex")}`;
    try {
      await extractPayload(options.file, payloadOffset, partial);
      // The database appears complete or not at all: a restore cut short leaves no half database behind.
      fs.renameSync(partial, file);
    } finally {
      fs.rmSync(partial, { force: true });
    }
    return;
  }
  if (manifest.payload.kind !== "pg-dump-custom") throw new RestoreRefusedError("The backup's database part is not a pg_dump archive.");
  const bin = options.pgToolsDir ?? findPgTools(options.processEnv?.PATH ?? "");
  if (!bin) throw new RestoreRefusedError("pg_restore was not found (PATH, /usr/lib/postgresql/*/bin): install the PostgreSQL client tools of the server's major version.");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bp-restore-"));
  try {
    const dump = path.join(work, "beaconport.dump");
    await extractPayload(options.file, payloadOffset, dump);
    const database = decodeURIComponent(new URL(options.databaseUrl).pathname.replace(/^\//, ""));
    await runPgTool(path.join(bin, "pg_restore"), ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${database}`, dump], options.databaseUrl, options.processEnv ?? {});
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Without the key the sealed values are noise: removing them makes the portal ask for them again
 * (instead of failing on each use), and removing the recorded key fingerprint lets the new key start.
 * The restore itself is audited, with which secrets were dropped (names, never values).
 */
async function forgetSecrets(db: Db, refs: StoredSecretRef[]): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const kind of STORED_SECRETS) {
      await tx.connection.updateMany({ where: { [kind.column]: { not: null } }, data: { [kind.column]: null } });
    }
    await tx.installationFact.deleteMany({ where: { name: KEY_FINGERPRINT_FACT } });
  });
  await recordAudit(
    {
      action: "backup.restored-without-key",
      after: { forgotten: refs.map((r) => ({ connectionId: r.connectionId, connection: r.connectionName, what: secretKindOf(r.column).label })) },
    },
    { db },
  );
}

async function verifyRestored(db: Db, manifest: BackupManifest, key: Buffer | null): Promise<{ auditEvents: number; secretsVerified: number }> {
  const verdict = await verifyAuditChain({ db });
  if (!verdict.ok) throw new RestoreVerificationError(`The restored audit trail does not verify: event #${verdict.brokenAt.seq} ${verdict.reason}. Do not start the portal on it; restore an older backup.`);
  if (manifest.audit.headSeq !== null) {
    const head = await db.auditEvent.findUnique({ where: { seq: BigInt(manifest.audit.headSeq) }, select: { hash: true } });
    if (head?.hash !== manifest.audit.headHash) {
      throw new RestoreVerificationError(`The restored audit trail lacks the newest event the backup noted (#${manifest.audit.headSeq}): events are missing. Do not start the portal on it.`);
    }
  }
  const events = (await auditHead(db)).events;
  let secretsVerified = 0;
  if (key) {
    const broken: StoredSecretRef[] = [];
    for (const secret of await storedSecretValues(db)) {
      try {
        unsealWithKey(key, secret.sealed, secretKindOf(secret.column).purpose);
        secretsVerified++;
      } catch {
        broken.push(secret);
      }
    }
    if (broken.length) {
      throw new RestoreVerificationError(["These stored secrets do not decrypt with the key, although its fingerprint matches (altered values?):", ...broken.map((ref) => `  - ${describeUnusableSecret(ref)}`)].join("\n"));
    }
    const fact = await db.installationFact.findUnique({ where: { name: KEY_FINGERPRINT_FACT } });
    if (fact && fact.value !== keyFingerprint(key)) throw new RestoreVerificationError(`The restored database records key fingerprint ${fact.value}, the key is ${keyFingerprint(key)}.`);
  }
  return { auditEvents: events, secretsVerified };
}
