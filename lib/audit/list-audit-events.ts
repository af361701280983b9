import "server-only";
import { getDb } from "@/lib/db";
import { seqNumber } from "./chain";

export interface AuditEventView {
  id: string;
  seq: number;
  at: string;
  actorEmail: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  /** What the entity is called where that is known (a connection's name), for people; the id stays for filters and detail. */
  entityName?: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
}

/** Newest first, as plain objects for pages (values already redacted when recorded). */
export async function listAuditEvents(options: { limit?: number; beforeSeq?: number } = {}): Promise<AuditEventView[]> {
  const rows = await getDb().auditEvent.findMany({
    where: options.beforeSeq ? { seq: { lt: options.beforeSeq } } : undefined,
    orderBy: { seq: "desc" },
    take: Math.min(options.limit ?? 100, 500),
  });
  return rows.map((r) => ({
    id: r.id,
    seq: seqNumber(r.seq),
    at: r.at.toISOString(),
    actorEmail: r.actorEmail,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: r.before,
    after: r.after,
    ip: r.ip,
  }));
}
