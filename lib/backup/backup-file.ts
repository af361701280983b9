/**
 * The backup file: one line naming the format, one line of JSON (the manifest), then the payload (the
 * SQLite database file, or a `pg_dump --format=custom` archive). The manifest carries the payload's
 * SHA-256, the audit chain's head (so a restore can tell that no newest events went missing), the key's
 * fingerprint (never the key, unless sealed with a passphrase), and which secrets are stored sealed.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import type { SealedKey } from "./seal-key";
import type { StoredSecretRef } from "./stored-secrets";

export const MAGIC = "BEACONPORT-BACKUP 1";
const MAX_HEADER = 1024 * 1024;

export interface BackupManifest {
  format: 1;
  createdAt: string;
  provider: "sqlite" | "postgresql";
  payload: { kind: "sqlite-database" | "pg-dump-custom"; bytes: number; sha256: string };
  /** lib/crypto/key-fingerprint.ts of the key the stored secrets were sealed with; null when no key existed. */
  keyFingerprint: string | null;
  /** Present only when the backup was made with --with-key and a passphrase. */
  sealedKey: SealedKey | null;
  audit: { events: number; headSeq: number | null; headHash: string | null };
  storedSecrets: StoredSecretRef[];
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest("hex");
}

/** Writes `<magic>\n<manifest>\n<payload>` to `out`, refusing to overwrite (mode 0600: it holds secrets). */
export async function writeBackupFile(out: string, manifest: BackupManifest, payloadFile: string): Promise<void> {
  // Exclusive create for the header, then the payload appended; the file is flushed to disk before we say "done".
  await fs.promises.writeFile(out, `${MAGIC}\n${JSON.stringify(manifest)}\n`, { flag: "wx", mode: 0o600 });
  await pipeline(fs.createReadStream(payloadFile), fs.createWriteStream(out, { flags: "a" }));
  const handle = await fs.promises.open(out, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class BadBackupError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = "BadBackupError";
  }
}

/** Reads and checks the header; the payload starts at `payloadOffset` and is checked against its SHA-256. */
export async function readBackupFile(file: string): Promise<{ manifest: BackupManifest; payloadOffset: number }> {
  const handle = await fs.promises.open(file, "r");
  let head: Buffer;
  let size: number;
  try {
    size = (await handle.stat()).size;
    const buf = Buffer.alloc(Math.min(MAX_HEADER, size));
    await handle.read(buf, 0, buf.length, 0);
    head = buf;
  } finally {
    await handle.close();
  }
  const first = head.indexOf(10);
  const second = first < 0 ? -1 : head.indexOf(10, first + 1);
  if (first < 0 || head.subarray(0, first).toString("utf8") !== MAGIC || second < 0) throw new BadBackupError(`${file} is not a Beaconport backup (made by npm run backup).`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(head.subarray(first + 1, second).toString("utf8")) as BackupManifest;
  } catch {
    throw new BadBackupError(`${file}: the backup's manifest is unreadable.`);
  }
  if (manifest.format !== 1 || (manifest.provider !== "sqlite" && manifest.provider !== "postgresql")) throw new BadBackupError(`${file}: unknown backup format.`);
  const payloadOffset = second + 1;
  if (size - payloadOffset !== manifest.payload.bytes) throw new BadBackupError(`${file} is truncated or altered: the database part has ${size - payloadOffset} bytes, the manifest says ${manifest.payload.bytes}.`);
  const hash = createHash("sha256");
  await pipeline(fs.createReadStream(file, { start: payloadOffset }), hash);
  if (hash.digest("hex") !== manifest.payload.sha256) throw new BadBackupError(`${file} is altered: the database part does not match its checksum.`);
  return { manifest, payloadOffset };
}

/** Copies the payload out to `dest` (exclusive create, mode 0600). */
export async function extractPayload(file: string, payloadOffset: number, dest: string): Promise<void> {
  await pipeline(fs.createReadStream(file, { start: payloadOffset }), fs.createWriteStream(dest, { flags: "wx", mode: 0o600 }));
}
