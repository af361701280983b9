import "server-only";
import type { Db } from "@/lib/db";
import { STORED_SECRETS, type StoredSecretRef } from "./stored-secrets";

/** The audit chain's newest event (seq and hash) and the number of events: a backup notes them. */
export async function auditHead(db: Db): Promise<{ events: number; headSeq: number | null; headHash: string | null }> {
  const [events, head] = await Promise.all([db.auditEvent.count(), db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } })]);
  return { events, headSeq: head ? Number(head.seq) : null, headHash: head?.hash ?? null };
}

/** Every sealed value in the database, with the connection it belongs to (names and ids, never values). */
export async function storedSecretValues(db: Db): Promise<(StoredSecretRef & { sealed: string })[]> {
  const rows = await db.connection.findMany({
    select: { id: true, name: true, secretAccessKeySealed: true, proxyPasswordSealed: true, webhookSecretSealed: true },
    orderBy: { name: "asc" },
  });
  const out: (StoredSecretRef & { sealed: string })[] = [];
  for (const row of rows) {
    for (const kind of STORED_SECRETS) {
      const sealed = row[kind.column];
      if (sealed) out.push({ connectionId: row.id, connectionName: row.name, column: kind.column, sealed });
    }
  }
  return out;
}

export async function storedSecretRefs(db: Db): Promise<StoredSecretRef[]> {
  return (await storedSecretValues(db)).map(({ connectionId, connectionName, column }) => ({ connectionId, connectionName, column }));
}
