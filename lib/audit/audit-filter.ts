/**
 * The audit viewer's filter, read from the URL (shareable, and the CSV export takes the same
 * parameters). Lenient: a malformed value is dropped, not an error. Times are UTC, as displayed. Pure.
 */
import { z } from "zod";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

const text = (max: number) => z.string().trim().max(max).catch("");
const time = z
  .string()
  .trim()
  .refine((v) => v === "" || ((DATE_ONLY.test(v) || DATE_TIME.test(v)) && !Number.isNaN(Date.parse(`${v.length === 10 ? v + "T00:00" : v}Z`))))
  .catch("");

export const auditFilterSchema = z.object({
  entityType: text(64),
  entityId: text(128),
  /** Part of the actor's email, or the exact actor id. */
  actor: text(200),
  /** An exact action (`user.create`) or a prefix ending in `.` or `*` (`connection.`, `auth.*`). */
  action: text(100),
  from: time,
  to: time,
  /** One event by its position in the chain (the integrity check links here). */
  seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;
export const EMPTY_AUDIT_FILTER: AuditFilter = auditFilterSchema.parse({});
export const AUDIT_PAGE_SIZE = 50;

const KEYS = ["entityType", "entityId", "actor", "action", "from", "to", "seq", "page"] as const;

export function parseAuditFilter(params: Record<string, string | string[] | undefined> | URLSearchParams): AuditFilter {
  const raw: Record<string, unknown> = {};
  for (const key of KEYS) {
    const v = params instanceof URLSearchParams ? params.get(key) : params[key];
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && value !== null && value !== "") raw[key] = value;
  }
  return auditFilterSchema.parse(raw);
}

/** Query string of the filter (defaults left out); `page` only when asked, e.g. not for the export. */
export function auditFilterQuery(filter: AuditFilter, options: { page?: boolean } = {}): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    if (key === "page" && (!options.page || filter.page === 1)) continue;
    const value = filter[key];
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  return params.toString();
}

/** The time range as instants: `from` inclusive; a date-only `to` covers that whole day. */
export function auditTimeRange(filter: Pick<AuditFilter, "from" | "to">): { gte?: Date; lt?: Date } {
  const range: { gte?: Date; lt?: Date } = {};
  if (filter.from) range.gte = new Date(`${filter.from.length === 10 ? filter.from + "T00:00" : filter.from}Z`);
  if (filter.to) {
    if (filter.to.length === 10) range.lt = new Date(Date.parse(`${filter.to}T00:00Z`) + 86_400_000);
    else range.lt = new Date(Date.parse(`${filter.to}Z`) + (filter.to.length === 16 ? 60_000 : 1000));
  }
  return range;
}

export function isActive(filter: AuditFilter): boolean {
  return auditFilterQuery(filter) !== "";
}
