import "server-only";
import { createHmac } from "node:crypto";
import { getDb, isUniqueViolation, type DbOrTx } from "@/lib/db";
import { dataEncryptionKey } from "./keys";

/** The InstallationFact row holding the fingerprint of the key the database's sealed secrets use. */
export const KEY_FINGERPRINT_FACT = "encryption-key-fingerprint";

/**
 * A one-way, key-specific label (HMAC of a fixed text under the key): equal for equal keys, reveals nothing
 * about the key, short enough to compare in a log line.
 */
export function keyFingerprint(key: Buffer): string {
  return createHmac("sha256", key).update("beaconport:key-fingerprint:v1").digest("hex").slice(0, 16);
}

export class EncryptionKeyMismatchError extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super(
      `BEACONPORT_ENCRYPTION_KEY does not match this database: its sealed secrets were written with the key of fingerprint ${expected}, ` +
        `this instance has ${actual}. Give every instance the same BEACONPORT_ENCRYPTION_KEY (or <data dir>/encryption-key) and start again.`,
    );
    this.name = "EncryptionKeyMismatchError";
  }
}

/**
 * Several instances share one database: an instance started with another key would fail to read every
 * stored secret and write secrets the others cannot read. The first instance records its key's
 * fingerprint; every later one must match it or refuse to start.
 */
export async function ensureEncryptionKeyMatches(db: DbOrTx = getDb(), key: Buffer = dataEncryptionKey()): Promise<{ fingerprint: string; recorded: boolean }> {
  const fingerprint = keyFingerprint(key);
  let recorded = false;
  let fact = await db.installationFact.findUnique({ where: { name: KEY_FINGERPRINT_FACT } });
  if (!fact) {
    try {
      fact = await db.installationFact.create({ data: { name: KEY_FINGERPRINT_FACT, value: fingerprint } });
      recorded = true;
    } catch (error) {
      // Another instance started at the same moment and wrote first: compare with what it wrote.
      if (!isUniqueViolation(error)) throw error;
      fact = await db.installationFact.findUnique({ where: { name: KEY_FINGERPRINT_FACT } });
    }
  }
  if (fact && fact.value !== fingerprint) throw new EncryptionKeyMismatchError(fact.value, fingerprint);
  return { fingerprint, recorded };
}
