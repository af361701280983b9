import "server-only";
import { env } from "@/lib/env";
import { getDb, isUniqueViolation, type DbOrTx, type Tx } from "@/lib/db";
import { redact } from "@/lib/log/redact";
import { canonicalJson, GENESIS_HASH, hashEvent, seqNumber } from "./chain";

export interface AuditInput {
  /** Dotted verb, e.g. `user.create`, `auth.login.failed`. */
  action: string;
  actor?: { id: string | null; email: string | null } | null;
  entityType?: string | null;
  entityId?: string | null;
  /** Values before/after the change; secrets are redacted here, callers need not. */
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

// Any constant works; it only has to be the same for every appender of this database.
const PG_CHAIN_LOCK = 74_201_811;

function asJsonText(value: unknown): string | null {
  return value === undefined || value === null ? null : canonicalJson(redact(value));
}

async function appendInTx(tx: Tx, input: AuditInput): Promise<{ id: string; seq: number }> {
  if (env().databaseProvider === "postgresql") {
    // Serializes appenders across connections and processes until this transaction ends.
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${PG_CHAIN_LOCK})`);
  }
  const head = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const fields = {
    seq: seqNumber(head?.seq ?? 0) + 1,
    at: new Date(),
    actorId: input.actor?.id ?? null,
    actorEmail: input.actor?.email ?? null,
    action: input.action,
    entityType: input.entityType ?? null,
    entityId: input.entityId ?? null,
    before: asJsonText(input.before),
    after: asJsonText(input.after),
    ip: input.ip ?? null,
  };
  const prevHash = head?.hash ?? GENESIS_HASH;
  const row = await tx.auditEvent.create({
    data: { ...fields, prevHash, hash: hashEvent(fields, prevHash) },
    select: { id: true, seq: true },
  });
  return { id: row.id, seq: seqNumber(row.seq) };
}

function isTx(db: DbOrTx): db is Tx {
  return !("$transaction" in db);
}

/**
 * Appends one event to the audit trail. Pass `db: tx` to make the event part of a caller's transaction
 * (the change and its record then commit or fail together).
 */
export async function recordAudit(input: AuditInput, options: { db?: DbOrTx } = {}): Promise<{ id: string; seq: number }> {
  const db = options.db ?? getDb();
  if (isTx(db)) return appendInTx(db, input);
  // `seq` is unique, so a racing appender in another process fails instead of forking the chain; retry.
  for (let attempt = 1; ; attempt++) {
    try {
      // Appends queue on one lock: a burst (100 parallel refused sign-ins, say) waits its turn rather
      // than failing on Prisma's default 2 s to get a connection and 5 s to finish.
      return await db.$transaction((tx) => appendInTx(tx, input), { maxWait: 30_000, timeout: 30_000 });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
}
