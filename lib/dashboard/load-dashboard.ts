import "server-only";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import { getDb, type DbOrTx } from "@/lib/db";
import { env } from "@/lib/env";
import { roleAllows } from "@/lib/auth/roles";
import { roleArn } from "@/lib/policies/arns";
import { ACCOUNT_STATUSES, accountStatus, type AccountStatus } from "./account-status";
import type { DashboardQuery } from "./dashboard-query";
import { maskExternalId } from "@/lib/model/mask-external-id";
import { parseFindings } from "@/lib/drift/parse-findings";
import { parseInventory } from "./parse-stored";
import { readConnectionModel } from "./read-connection-model";
import type { DashboardData, DashboardRow, DashboardSummary } from "./types";
import { BEACON_TEST_RUN_KINDS } from "@/lib/schedule/schedule-run-kind";

type Where = Prisma.TargetAccountWhereInput;

const NOT_FAILED: Where = { OR: [{ lastTestStatus: null }, { lastTestStatus: { not: "failed" } }] };
const HAS_DRIFT: Where = { OR: [{ driftFindings: { not: null } }, { connection: { driftFindings: { not: null } } }] };
const NO_DRIFT: Where = { driftFindings: null, connection: { driftFindings: null } };

/** SQL for each dashboard status; must agree with `accountStatus()` (a DB test checks they do). */
export function statusWhere(status: AccountStatus): Where {
  switch (status) {
    case "failing":
      return { lastTestStatus: "failed" };
    case "drift":
      return { AND: [NOT_FAILED, HAS_DRIFT] };
    case "passing":
      return { AND: [{ lastTestStatus: "passed" }, NO_DRIFT] };
    case "never":
      // `notIn` alone would drop NULLs (SQL three-valued logic), hence the OR.
      return { AND: [{ OR: [{ lastTestStatus: null }, { lastTestStatus: { notIn: ["failed", "passed"] } }] }, NO_DRIFT] };
  }
}

function searchWhere(q: string): Where | null {
  if (q === "") return null;
  // PostgreSQL's LIKE is case-sensitive; SQLite's is not for ASCII and rejects `mode`, so add it only there.
  const text = (env().databaseProvider === "postgresql" ? { contains: q, mode: "insensitive" } : { contains: q }) as Prisma.StringFilter;
  const or: Where[] = [{ name: text }, { connection: { name: text } }, { accountId: { contains: q } }];
  // People paste account ids as the console shows them: 1111-2222-3333.
  const digits = q.replace(/[\s-]/g, "");
  if (/^\d+$/.test(digits) && digits !== q) or.push({ accountId: { contains: digits } });
  return { OR: or };
}

export function dashboardWhere(query: Pick<DashboardQuery, "q" | "status" | "connection">): Where {
  const and: Where[] = [];
  const search = searchWhere(query.q);
  if (search) and.push(search);
  if (query.status !== "all") and.push(statusWhere(query.status));
  if (query.connection) and.push({ connectionId: query.connection });
  return and.length ? { AND: and } : {};
}

function orderBy(query: Pick<DashboardQuery, "sort" | "dir">): Prisma.TargetAccountOrderByWithRelationInput[] {
  const dir = query.dir;
  // `id` last: a total order, so pages never repeat or skip a row when values tie.
  switch (query.sort) {
    case "connection":
      return [{ connection: { name: dir } }, { accountId: "asc" }, { id: "asc" }];
    case "account":
      return [{ accountId: dir }, { connection: { name: "asc" } }, { id: "asc" }];
    case "status":
      // "failed" sorts before "passed"; never-tested last either way.
      return [{ lastTestStatus: { sort: dir, nulls: "last" } }, { driftAt: { sort: "desc", nulls: "last" } }, { accountId: "asc" }, { id: "asc" }];
    case "lastTest":
      return [{ lastTestAt: { sort: dir, nulls: "last" } }, { accountId: "asc" }, { id: "asc" }];
  }
}

async function loadSummary(db: DbOrTx): Promise<Omit<DashboardSummary, "connections">> {
  const [accounts, lastRun, ...counts] = await Promise.all([
    db.targetAccount.count(),
    db.run.findFirst({
      where: { kind: { in: [...BEACON_TEST_RUN_KINDS] } },
      orderBy: { createdAt: "desc" },
      select: { id: true, kind: true, status: true, createdAt: true, finishedAt: true, connection: { select: { name: true } } },
    }),
    ...ACCOUNT_STATUSES.map((s) => db.targetAccount.count({ where: statusWhere(s) })),
  ]);
  const byStatus = Object.fromEntries(ACCOUNT_STATUSES.map((s, i) => [s, counts[i] ?? 0])) as Record<AccountStatus, number>;
  return {
    accounts,
    byStatus,
    lastRun: lastRun
      ? { id: lastRun.id, kind: lastRun.kind, status: lastRun.status, at: (lastRun.finishedAt ?? lastRun.createdAt).toISOString(), connectionName: lastRun.connection?.name ?? null }
      : null,
  };
}

/**
 * The dashboard's data for one page of accounts: a fixed number of queries whatever the page size
 * (count, page, connections, summary counts), never one per row. External IDs are masked here for
 * reviewers, so the unmasked value never reaches a reviewer's page.
 */
export async function loadDashboard(query: DashboardQuery, viewer: { role: string }, options: { db?: DbOrTx } = {}): Promise<DashboardData> {
  const db = options.db ?? getDb();
  const isAdmin = roleAllows(viewer.role, "admin");
  const where = dashboardWhere(query);
  const select = {
    id: true,
    connectionId: true,
    accountId: true,
    name: true,
    lastTestStatus: true,
    lastTestAt: true,
    lastTestReason: true,
    lastTestFix: true,
    driftFindings: true,
    inventory: true,
    connection: { select: { name: true } },
  } satisfies Prisma.TargetAccountSelect;
  const pageOf = (page: number) => db.targetAccount.findMany({ where, orderBy: orderBy(query), skip: (page - 1) * query.size, take: query.size, select });

  const [total, firstTry, connectionRows, summary] = await Promise.all([
    db.targetAccount.count({ where }),
    pageOf(query.page),
    db.connection.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, status: true, model: true, driftFindings: true } }),
    loadSummary(db),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / query.size));
  const page = Math.min(query.page, pageCount);
  // A stale link past the last page shows the last page rather than an empty table.
  const rows = page === query.page ? firstTry : await pageOf(page);

  const connections = new Map(
    connectionRows.map((c) => [c.id, { name: c.name, status: c.status === "saved" ? ("saved" as const) : ("draft" as const), model: readConnectionModel(c.model), drift: parseFindings(c.driftFindings), hasDrift: c.driftFindings !== null }]),
  );

  const out: DashboardRow[] = rows.map((r) => {
    const c = connections.get(r.connectionId);
    const model = c?.model ?? readConnectionModel(null);
    const drift = [...(c?.drift ?? []), ...parseFindings(r.driftFindings)];
    const externalId = isAdmin ? model.externalId : maskExternalId(model.externalId);
    return {
      id: r.id,
      connectionId: r.connectionId,
      connectionName: r.connection.name,
      connectionStatus: c?.status ?? "draft",
      accountId: r.accountId,
      accountName: r.name,
      roleName: model.names.role,
      roleArn: roleArn(model, r.accountId),
      externalId,
      status: accountStatus({ lastTestStatus: r.lastTestStatus, hasDrift: r.driftFindings !== null || (c?.hasDrift ?? false) }),
      lastTestStatus: r.lastTestStatus,
      lastTestAt: r.lastTestAt?.toISOString() ?? null,
      reason: r.lastTestReason,
      fix: r.lastTestFix,
      drift,
      inventory: parseInventory(r.inventory),
    };
  });

  return {
    query: { ...query, page },
    rows: out,
    total,
    page,
    pageCount,
    summary: { ...summary, connections: connectionRows.length },
    connections: connectionRows.map((c) => ({ id: c.id, name: c.name })),
    viewerRole: isAdmin ? "admin" : "reviewer",
  };
}
