import "server-only";
import type { SessionUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { parseFindings } from "@/lib/drift/parse-findings";
import type { Finding } from "@/lib/model/types";
import { getRun, type RunView } from "@/lib/runs";
import { AWS_IMPORTS_SCHEDULE_ID } from "@/lib/connections/schedule";
import { SCHEDULE_RUN_KIND } from "./scheduler";

export interface ScheduleTickView {
  id: string;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  connections: number;
  accountsPassed: number;
  accountsFailed: number;
  driftCount: number;
  instanceId: string;
}

export interface ConnectionStatusView {
  id: string;
  name: string;
  scheduledStatus: string | null;
  scheduledAt: string | null;
  scheduledRunId: string | null;
  /** Admins see the URL; reviewers only whether one is set (a URL may carry a token in its path). */
  webhook: { configured: boolean; url: string | null; lastStatus: string | null; lastAt: string | null };
}

export interface ConnectionDetailView extends ConnectionStatusView {
  homeDrift: Finding[];
  accounts: { accountId: string; name: string | null; lastTestStatus: string | null; lastTestAt: string | null; reason: string | null; fix: string | null; drift: Finding[] }[];
}

export interface SchedulePageView {
  schedule: { name: string; intervalMinutes: number; enabled: boolean; nextRunAt: string | null; lastRunAt: string | null } | null;
  ticks: ScheduleTickView[];
  connections: ConnectionStatusView[];
  detail: ConnectionDetailView | null;
  /** A "Run now" still going (started in another tab, browser or before a reload): the page follows it live. */
  activeRun: RunView | null;
}

/**
 * The latest queued or running "Run now". Its runs belong to no connection (they test them all), so
 * lib/runs' per-connection `latestRunId` does not apply. A run left behind by a stopped instance is
 * marked interrupted by the run sweeper, so it is not followed for ever.
 */
export async function activeScheduleRun(): Promise<RunView | null> {
  const row = await getDb().run.findFirst({ where: { kind: SCHEDULE_RUN_KIND, connectionId: null, status: { in: ["queued", "running"] } }, orderBy: { createdAt: "desc" }, select: { id: true } });
  return row ? getRun(row.id) : null;
}


/** The schedule page: the schedule, its last runs, every saved connection's scheduled status, and one connection in detail. */
export async function loadSchedulePage(user: SessionUser, options: { connectionId?: string; tickLimit?: number } = {}): Promise<SchedulePageView> {
  const db = getDb();
  const isAdmin = user.role === "admin";
  const [schedule, ticks, rows, activeRun] = await Promise.all([
    db.schedule.findUnique({ where: { id: AWS_IMPORTS_SCHEDULE_ID } }),
    db.scheduleTick.findMany({ orderBy: { startedAt: "desc" }, take: options.tickLimit ?? 20 }),
    db.connection.findMany({
      where: { status: "saved" },
      orderBy: { name: "asc" },
      take: 200,
      select: { id: true, name: true, scheduledStatus: true, scheduledAt: true, scheduledRunId: true, webhookUrl: true, webhookLastStatus: true, webhookLastAt: true, driftFindings: true },
    }),
    activeScheduleRun(),
  ]);
  const toView = (r: (typeof rows)[number]): ConnectionStatusView => ({
    id: r.id,
    name: r.name,
    scheduledStatus: r.scheduledStatus,
    scheduledAt: r.scheduledAt?.toISOString() ?? null,
    scheduledRunId: r.scheduledRunId,
    webhook: { configured: Boolean(r.webhookUrl), url: isAdmin ? r.webhookUrl : null, lastStatus: r.webhookLastStatus, lastAt: r.webhookLastAt?.toISOString() ?? null },
  });
  let detail: ConnectionDetailView | null = null;
  const selected = rows.find((r) => r.id === options.connectionId);
  if (selected) {
    const targets = await db.targetAccount.findMany({
      where: { connectionId: selected.id, OR: [{ lastTestStatus: "failed" }, { driftFindings: { not: null } }] },
      orderBy: { accountId: "asc" },
      take: 500,
      select: { accountId: true, name: true, lastTestStatus: true, lastTestAt: true, lastTestReason: true, lastTestFix: true, driftFindings: true },
    });
    detail = {
      ...toView(selected),
      homeDrift: parseFindings(selected.driftFindings),
      accounts: targets.map((t) => ({ accountId: t.accountId, name: t.name, lastTestStatus: t.lastTestStatus, lastTestAt: t.lastTestAt?.toISOString() ?? null, reason: t.lastTestReason, fix: t.lastTestFix, drift: parseFindings(t.driftFindings) })),
    };
  }
  return {
    schedule: schedule ? { name: schedule.name, intervalMinutes: schedule.intervalMinutes, enabled: schedule.enabled, nextRunAt: schedule.nextRunAt?.toISOString() ?? null, lastRunAt: schedule.lastRunAt?.toISOString() ?? null } : null,
    ticks: ticks.map((k) => ({
      id: k.id,
      trigger: k.trigger,
      status: k.status,
      startedAt: k.startedAt.toISOString(),
      finishedAt: k.finishedAt?.toISOString() ?? null,
      connections: k.connections,
      accountsPassed: k.accountsPassed,
      accountsFailed: k.accountsFailed,
      driftCount: k.driftCount,
      instanceId: k.instanceId,
    })),
    connections: rows.map(toView),
    detail,
    activeRun,
  };
}
