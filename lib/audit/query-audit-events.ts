import "server-only";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import { getDb, type DbOrTx } from "@/lib/db";
import { env } from "@/lib/env";
import { AUDIT_PAGE_SIZE, auditTimeRange, type AuditFilter } from "./audit-filter";
import { seqNumber } from "./chain";
import type { AuditEventView } from "./list-audit-events";

type Where = Prisma.AuditEventWhereInput;

function insensitive(value: string, op: "contains"): Prisma.StringNullableFilter {
  // PostgreSQL compares case-sensitively; SQLite's LIKE does not for ASCII and rejects `mode`.
  return (env().databaseProvider === "postgresql" ? { [op]: value, mode: "insensitive" } : { [op]: value }) as Prisma.StringNullableFilter;
}

/** The SQL filter for the viewer and the CSV export alike. */
export function auditWhere(filter: AuditFilter): Where {
  const and: Where[] = [];
  if (filter.seq !== undefined) and.push({ seq: filter.seq });
  if (filter.entityType) and.push({ entityType: filter.entityType });
  if (filter.entityId) and.push({ entityId: filter.entityId });
  if (filter.actor) and.push({ OR: [{ actorEmail: insensitive(filter.actor, "contains") }, { actorId: filter.actor }] });
  if (filter.action) {
    const prefix = filter.action.endsWith("*") ? filter.action.slice(0, -1) : filter.action.endsWith(".") ? filter.action : null;
    and.push(prefix !== null ? { action: { startsWith: prefix } } : { action: filter.action });
  }
  const range = auditTimeRange(filter);
  if (range.gte || range.lt) and.push({ at: range });
  return and.length ? { AND: and } : {};
}

function toView(r: { id: string; seq: number | bigint; at: Date; actorEmail: string | null; action: string; entityType: string | null; entityId: string | null; before: string | null; after: string | null; ip: string | null }): AuditEventView {
  return { id: r.id, seq: seqNumber(r.seq), at: r.at.toISOString(), actorEmail: r.actorEmail, action: r.action, entityType: r.entityType, entityId: r.entityId, before: r.before, after: r.after, ip: r.ip };
}

/**
 * Names the connections a page of events is about (one query): ids alone ("Connection cmx6…") mean
 * nothing to a reader. A deleted connection keeps its id only. Names are no secret: reviewers see them
 * on the dashboard too.
 */
export async function withEntityNames(db: DbOrTx, events: AuditEventView[]): Promise<AuditEventView[]> {
  const ids = [...new Set(events.flatMap((e) => (e.entityType === "Connection" && e.entityId ? [e.entityId] : [])))];
  if (ids.length === 0) return events;
  const rows = await db.connection.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return events.map((e) => (e.entityType === "Connection" && e.entityId ? { ...e, entityName: names.get(e.entityId) ?? null } : e));
}

export interface AuditPage {
  events: AuditEventView[];
  total: number;
  page: number;
  pageCount: number;
  /** Values for the filter form's suggestions. */
  actions: string[];
  entityTypes: string[];
}

/** One page of the filtered trail, newest first. */
export async function queryAuditEvents(filter: AuditFilter, options: { db?: DbOrTx } = {}): Promise<AuditPage> {
  const db = options.db ?? getDb();
  const where = auditWhere(filter);
  const pageOf = (page: number) => db.auditEvent.findMany({ where, orderBy: { seq: "desc" }, skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE });
  const [total, first, actions, entityTypes] = await Promise.all([
    db.auditEvent.count({ where }),
    pageOf(filter.page),
    db.auditEvent.groupBy({ by: ["action"], orderBy: { action: "asc" } }),
    db.auditEvent.groupBy({ by: ["entityType"], where: { entityType: { not: null } }, orderBy: { entityType: "asc" } }),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(filter.page, pageCount);
  const rows = page === filter.page ? first : await pageOf(page);
  return {
    events: await withEntityNames(db, rows.map(toView)),
    total,
    page,
    pageCount,
    actions: actions.map((a) => a.action),
    entityTypes: entityTypes.flatMap((e) => (e.entityType ? [e.entityType] : [])),
  };
}

/**
 * The filtered trail in chain order, in batches (keyset on `seq`), up to the last event that existed
 * when the export started, so a long download neither loads everything at once nor grows while it runs.
 */
export async function* iterateAuditEvents(filter: AuditFilter, options: { db?: DbOrTx; batch?: number } = {}) {
  const db = options.db ?? getDb();
  const batch = options.batch ?? 500;
  const head = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  if (!head) return;
  const where = auditWhere(filter);
  let after = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { AND: [where, { seq: { gt: after, lte: head.seq } }] }, orderBy: { seq: "asc" }, take: batch });
    if (rows.length === 0) return;
    // seq as a number, as before the column became a BigInt (the CSV writes it as digits).
    for (const row of rows) yield { ...row, seq: seqNumber(row.seq) };
    after = seqNumber(rows[rows.length - 1]!.seq);
    if (rows.length < batch) return;
  }
}
