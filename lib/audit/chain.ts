/**
 * The audit trail's hash chain, as pure functions: each event's hash covers its own fields and the
 * previous event's hash, so editing, deleting or reordering any row breaks verification from there on.
 * (Cutting rows off the end is only detectable against a hash noted elsewhere, e.g. in a backup.)
 */
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/**
 * The fields a hash covers; `before`/`after` are already canonical JSON text (or null). `seq` is hashed
 * as a JSON number whatever the column type: AuditEvent.seq became a BigInt (Prisma returns bigint), and
 * chains written while it was an Int must still verify byte for byte.
 */
export interface ChainedFields {
  seq: number | bigint;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
}

export interface ChainedEvent extends ChainedFields {
  id: string;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function hashEvent(fields: ChainedFields, prevHash: string): string {
  const body = canonicalJson({
    seq: seqNumber(fields.seq),
    at: fields.at.toISOString(),
    actorId: fields.actorId,
    actorEmail: fields.actorEmail,
    action: fields.action,
    entityType: fields.entityType,
    entityId: fields.entityId,
    before: fields.before,
    after: fields.after,
    ip: fields.ip,
  });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}

/** A stored seq as a JS number (exact up to 2^53, far beyond any audit trail); refuses anything else. */
export function seqNumber(seq: number | bigint): number {
  const n = Number(seq);
  if (!Number.isSafeInteger(n)) throw new RangeError(`audit seq ${String(seq)} is not a safe integer`);
  return n;
}

export type ChainVerdict =
  | { ok: true; count: number }
  | { ok: false; brokenAt: { id: string; seq: number }; reason: string };

/**
 * Checks a run of events in seq order. `previous` is the last verified event before this run (null at
 * the start), so callers can verify a long trail page by page.
 */
export function verifyEvents(
  events: readonly ChainedEvent[],
  previous: { seq: number; hash: string } | null,
): { ok: true; last: { seq: number; hash: string } | null } | { ok: false; brokenAt: { id: string; seq: number }; reason: string } {
  let prev = previous;
  for (const event of events) {
    const seq = seqNumber(event.seq);
    const expectedSeq = (prev?.seq ?? 0) + 1;
    const expectedPrevHash = prev?.hash ?? GENESIS_HASH;
    const brokenAt = { id: event.id, seq };
    if (seq !== expectedSeq) {
      return { ok: false, brokenAt, reason: `expected event #${expectedSeq} but found #${seq} (an event is missing)` };
    }
    if (event.prevHash !== expectedPrevHash) {
      return { ok: false, brokenAt, reason: "its link to the previous event does not match (an earlier event was changed or removed)" };
    }
    if (hashEvent(event, event.prevHash) !== event.hash) {
      return { ok: false, brokenAt, reason: "its content does not match its hash (the event was changed)" };
    }
    prev = { seq, hash: event.hash };
  }
  return { ok: true, last: prev };
}
