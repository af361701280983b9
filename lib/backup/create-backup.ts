import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { keyFingerprint } from "@/lib/crypto/key-fingerprint";
import { createDbClient } from "@/lib/db/client";
import { providerOf } from "@/lib/db/adapters";
import { sha256File, writeBackupFile, type BackupManifest } from "./backup-file";
import { existingDataEncryptionKey } from "./data-dir-key";
import { findPgTools, runPgTool } from "./pg-tools";
import { auditHead, storedSecretRefs } from "./read-database-facts";
import { sealKeyWithPassphrase } from "./seal-key";

export interface CreateBackupOptions {
  out: string;
  databaseUrl: string;
  dataDir: string;
  /** BEACONPORT_ENCRYPTION_KEY, when configured. */
  configuredKey: Buffer | undefined;
  /** Seal the data-encryption key into the backup with `passphrase`. */
  withKey: boolean;
  passphrase: string | undefined;
  /** For PostgreSQL: where pg_dump lives (default: PATH, then /usr/lib/postgresql/<newest>/bin). */
  pgToolsDir?: string;
  /** PATH and HOME for pg_dump. */
  processEnv?: Record<string, string | undefined>;
}

export class BackupRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupRefusedError";
  }
}

/**
 * A consistent snapshot of the database in one file. SQLite: better-sqlite3's online backup API (pages
 * copied while the portal keeps running; the result is one point in time). PostgreSQL: `pg_dump
 * --format=custom`, which reads everything in one repeatable-read transaction.
 */
export async function createBackup(options: CreateBackupOptions): Promise<BackupManifest> {
  const provider = providerOf(options.databaseUrl);
  const existing = existingDataEncryptionKey(options.configuredKey, options.dataDir);
  if (options.withKey) {
    if (!options.passphrase) throw new BackupRefusedError("--with-key needs a passphrase: set BEACONPORT_BACKUP_PASSPHRASE or pass --passphrase-file FILE (at least 12 characters).");
    if (!existing) throw new BackupRefusedError(`--with-key: there is no data-encryption key to seal (neither BEACONPORT_ENCRYPTION_KEY nor ${path.join(options.dataDir, "encryption-key")}).`);
  }
  if (fs.existsSync(options.out)) throw new BackupRefusedError(`${options.out} exists already; choose a new file name (a backup never overwrites one).`);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bp-backup-"));
  try {
    let payloadFile: string;
    let facts: Pick<BackupManifest, "audit" | "storedSecrets">;
    if (provider === "sqlite") {
      const file = options.databaseUrl.replace(/^file:/, "");
      if (!fs.existsSync(file)) throw new BackupRefusedError(`No database at ${file} (DATABASE_URL / BEACONPORT_DATA_DIR).`);
      payloadFile = path.join(work, "beaconport.db");
      const source = new Database(file, { readonly: true, fileMustExist: true });
      try {
        await source.backup(payloadFile);
      } finally {
        source.close();
      }
      // The notes come from the snapshot itself, so they describe exactly what the file holds.
      const snapshot = createDbClient(`file:${payloadFile}`);
      try {
        facts = { audit: await auditHead(snapshot), storedSecrets: await storedSecretRefs(snapshot) };
      } finally {
        await snapshot.$disconnect();
      }
    } else {
      const bin = options.pgToolsDir ?? findPgTools(options.processEnv?.PATH ?? "");
      if (!bin) throw new BackupRefusedError("pg_dump was not found (PATH, /usr/lib/postgresql/*/bin): install the PostgreSQL client tools of the server's major version (Debian: apt-get install postgresql-client).");
      // Read before the dump: the dump then holds at least this head (the chain only grows).
      const db = createDbClient(options.databaseUrl);
      try {
        facts = { audit: await auditHead(db), storedSecrets: await storedSecretRefs(db) };
      } finally {
        await db.$disconnect();
      }
      payloadFile = path.join(work, "beaconport.dump");
      await runPgTool(path.join(bin, "pg_dump"), ["--format=custom", "--no-owner", "--no-privileges", `--file=${payloadFile}`], options.databaseUrl, options.processEnv ?? {});
    }
    const manifest: BackupManifest = {
      format: 1,
      createdAt: new Date().toISOString(),
      provider,
      payload: { kind: provider === "sqlite" ? "sqlite-database" : "pg-dump-custom", bytes: fs.statSync(payloadFile).size, sha256: await sha256File(payloadFile) },
      keyFingerprint: existing ? keyFingerprint(existing.key) : null,
      sealedKey: options.withKey && existing && options.passphrase ? sealKeyWithPassphrase(existing.key, options.passphrase) : null,
      ...facts,
    };
    fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    await writeBackupFile(options.out, manifest, payloadFile);
    return manifest;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
