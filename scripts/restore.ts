/**
 * npm run restore -- FILE [--passphrase-file FILE] [--without-key]
 * Restores a backup (npm run backup) into an empty data dir and an empty database, then verifies the audit
 * chain and that every stored secret decrypts (lib/backup). Exit 0 on success, 1 on failure, 2 on bad input.
 */
import { parseArgs } from "node:util";
import { fail } from "./lib/cli";
import { configuration, readPassphrase } from "./lib/backup-cli";
import { BadBackupError } from "@/lib/backup/backup-file";
import { restoreBackup, RestoreRefusedError, RestoreVerificationError } from "@/lib/backup/restore-backup";
import { describeUnusableSecret } from "@/lib/backup/stored-secrets";

const USAGE = `Usage: npm run restore -- FILE [--passphrase-file FILE] [--without-key]

  FILE                    a backup written by npm run backup
  --passphrase-file FILE  the passphrase of a backup made with --with-key (or BEACONPORT_BACKUP_PASSPHRASE)
  --without-key           restore even though the data-encryption key is not available: the stored
                          secrets it sealed are removed and listed, to be entered again in the portal

Restores into the data dir and database the portal is configured with (BEACONPORT_DATA_DIR, DATABASE_URL);
both must be empty (the data dir may already hold the encryption-key file).`;

async function main() {
  let parsed: ReturnType<typeof parseArgs<{ options: { "passphrase-file": { type: "string" }; "without-key": { type: "boolean" }; help: { type: "boolean"; short: "h" } }; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ options: { "passphrase-file": { type: "string" }, "without-key": { type: "boolean" }, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (e) {
    fail(`${(e as Error).message}\n\n${USAGE}`);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return;
  }
  if (parsed.positionals.length !== 1) fail(`Name one backup file.\n\n${USAGE}`);
  const file = parsed.positionals[0]!;
  const config = configuration();
  const passphrase = readPassphrase(parsed.values["passphrase-file"], config.backup.passphrase);
  try {
    const report = await restoreBackup({
      file,
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      configuredKey: config.encryptionKey,
      passphrase,
      withoutKey: parsed.values["without-key"] === true,
      processEnv: process.env,
    });
    console.log(`Restored ${file} into ${config.databaseProvider === "sqlite" ? config.databaseUrl.replace(/^file:/, "") : "the PostgreSQL database in DATABASE_URL"}.`);
    console.log(`Audit trail verified: ${report.auditEvents} event(s), including the newest one the backup noted.`);
    if (report.keySource === "backup") console.log(`The data-encryption key from the backup was written to ${report.keyFile} (mode 0600).`);
    if (report.forgotten.length) {
      console.log(`Restored WITHOUT the data-encryption key: these ${report.forgotten.length} stored secret(s) were removed and must be entered again:`);
      for (const ref of report.forgotten) console.log(`  - ${describeUnusableSecret(ref)}`);
      console.log("Scheduled tests of those connections are skipped until their collector key is stored again.");
    } else {
      console.log(`Stored secrets verified: ${report.secretsVerified} decrypt with the key.`);
    }
    console.log("Start the portal as usual (npm start).");
  } catch (error) {
    if (error instanceof RestoreRefusedError || error instanceof BadBackupError) fail(error.message, 1);
    if (error instanceof RestoreVerificationError) fail(`Restored, but the check failed:\n${error.message}`, 1);
    fail(`Restore failed: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
}

await main();
