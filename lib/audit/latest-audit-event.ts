import "server-only";
import { getDb } from "@/lib/db";
import type { AuditEventView } from "./list-audit-events";
import { seqNumber } from "./chain";

/** The newest event of this action about this entity, or null. */
export async function latestAuditEvent(input: { action: string; entityType: string; entityId: string }): Promise<AuditEventView | null> {
  const r = await getDb().auditEvent.findFirst({ where: { action: input.action, entityType: input.entityType, entityId: input.entityId }, orderBy: { seq: "desc" } });
  return r ? { id: r.id, seq: seqNumber(r.seq), at: r.at.toISOString(), actorEmail: r.actorEmail, action: r.action, entityType: r.entityType, entityId: r.entityId, before: r.before, after: r.after, ip: r.ip } : null;
}
