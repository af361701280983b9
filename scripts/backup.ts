/**
 * npm run backup -- --out FILE [--with-key [--passphrase-file FILE]]
 * A consistent snapshot of the database in one file (lib/backup): SQLite through its online backup API
 * while the portal runs, PostgreSQL through pg_dump. Exit 0 on success, 1 on failure, 2 on bad input.
 */
import { parseCliFlags, fail } from "./lib/cli";
import { configuration, readPassphrase } from "./lib/backup-cli";
import { BackupRefusedError, createBackup } from "@/lib/backup/create-backup";

const USAGE = `Usage: npm run backup -- --out FILE [--with-key] [--passphrase-file FILE]

  --out FILE              the backup file to write (never overwritten; mode 0600)
  --with-key              also seal the data-encryption key into the backup with a passphrase, so the
                          backup alone restores every stored secret. The passphrase comes from
                          --passphrase-file or BEACONPORT_BACKUP_PASSPHRASE (at least 12 characters).
                          Without it, keep BEACONPORT_ENCRYPTION_KEY (or <data dir>/encryption-key) safe
                          yourself: a restore without the key loses the stored secrets.
  --passphrase-file FILE  read the passphrase from the first line of FILE

The database is the one the portal uses (DATABASE_URL, or <BEACONPORT_DATA_DIR>/beaconport.db).`;

async function main() {
  const values = parseCliFlags(USAGE, { out: { type: "string" }, "with-key": { type: "boolean" }, "passphrase-file": { type: "string" } }, ["out"]);
  const config = configuration();
  const passphrase = readPassphrase(values["passphrase-file"], config.backup.passphrase);
  try {
    const manifest = await createBackup({
      out: values.out,
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      configuredKey: config.encryptionKey,
      withKey: values["with-key"] === true,
      passphrase,
      processEnv: process.env,
    });
    const mb = (manifest.payload.bytes / 1024 / 1024).toFixed(1);
    console.log(`Backup written to ${values.out} (${manifest.provider}, ${mb} MB, sha256 ${manifest.payload.sha256.slice(0, 16)}…).`);
    console.log(`Audit trail: ${manifest.audit.events} event(s), newest #${manifest.audit.headSeq ?? "-"} ${manifest.audit.headHash ?? ""}`.trimEnd());
    console.log(
      manifest.sealedKey
        ? "The data-encryption key is sealed inside with your passphrase: keep the passphrase apart from the file."
        : manifest.storedSecrets.length
          ? `The data-encryption key is NOT in the backup (fingerprint ${manifest.keyFingerprint}); ${manifest.storedSecrets.length} stored secret(s) need it. Keep BEACONPORT_ENCRYPTION_KEY or <data dir>/encryption-key safe, or back up with --with-key.`
          : "No stored secrets need the data-encryption key.",
    );
  } catch (error) {
    if (error instanceof BackupRefusedError) fail(error.message, error.message.startsWith("--") ? 2 : 1);
    fail(`Backup failed: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
}

await main();
