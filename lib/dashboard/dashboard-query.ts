/**
 * The dashboard's state lives in the URL (shareable links): parse it leniently (a hand-edited or stale
 * link falls back to defaults instead of failing) and build links that change one thing. Pure.
 */
import { z } from "zod";
import { ACCOUNT_STATUSES } from "./account-status";

export const DASHBOARD_SORTS = ["connection", "account", "status", "lastTest"] as const;
export type DashboardSort = (typeof DASHBOARD_SORTS)[number];
export const PAGE_SIZES = [25, 50, 100] as const;

export const dashboardQuerySchema = z.object({
  q: z.string().trim().max(100).catch(""),
  status: z.enum(["all", ...ACCOUNT_STATUSES]).catch("all"),
  connection: z.string().trim().max(64).regex(/^[A-Za-z0-9_-]*$/).catch(""),
  sort: z.enum(DASHBOARD_SORTS).catch("connection"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  size: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(50),
});

export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export const DEFAULT_QUERY: DashboardQuery = dashboardQuerySchema.parse({});

type SearchParamsInput = Record<string, string | string[] | undefined> | URLSearchParams;

function first(value: string | string[] | undefined | null): string | undefined {
  return Array.isArray(value) ? value[0] : (value ?? undefined);
}

export function parseDashboardQuery(params: SearchParamsInput): DashboardQuery {
  const get = (key: string) => (params instanceof URLSearchParams ? (params.get(key) ?? undefined) : first(params[key]));
  return dashboardQuerySchema.parse({
    q: get("q") ?? "",
    status: get("status") ?? "all",
    connection: get("connection") ?? "",
    sort: get("sort") ?? "connection",
    dir: get("dir") ?? "asc",
    page: get("page") ?? 1,
    size: get("size") ?? 50,
  });
}

/** `/?...` for the query with `patch` applied; defaults are left out so links stay short. */
export function dashboardHref(query: DashboardQuery, patch: Partial<DashboardQuery> = {}, base = "/"): string {
  const next = { ...query, ...patch };
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_QUERY) as (keyof DashboardQuery)[]) {
    const value = next[key];
    if (value !== DEFAULT_QUERY[key] && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

/** The link a column header points to: same column flips direction; a new column starts ascending (last test: newest first). */
export function sortHref(query: DashboardQuery, sort: DashboardSort): string {
  const dir = query.sort === sort ? (query.dir === "asc" ? "desc" : "asc") : sort === "lastTest" ? "desc" : "asc";
  return dashboardHref(query, { sort, dir, page: 1 });
}
