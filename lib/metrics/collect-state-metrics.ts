import "server-only";
import { Counter, Gauge, Registry } from "prom-client";
import type { DbOrTx } from "@/lib/db";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { BEACON_TEST_RUN_KINDS } from "@/lib/schedule/schedule-run-kind";
import type { ProcessMetrics } from "./process-metrics";

/** Sign-in outcomes in the audit trail that count as failures, and the label each gets. */
const SIGN_IN_FAILURES: Record<string, string> = {
  "auth.login.failed": "wrong_password",
  "auth.login.blocked": "rate_limited",
  "auth.login.refused": "disabled_user",
};

/** Final statuses of a schedule tick (ScheduleTick.status), never changed once written. */
const FINAL_TICK_STATUSES = ["succeeded", "partial", "failed", "interrupted"];
/** A tick finished less than this long ago may still be committing in another instance; the histogram takes it next time. */
const TICK_SETTLE_MS = 60_000;
/** Verifying the whole audit chain reads every event: at most this often per process. */
const AUDIT_VERIFY_EVERY_MS = 5 * 60_000;

export interface CollectOptions {
  db: DbOrTx;
  now: Date;
  /** BEACONPORT_METRICS_ACCOUNT_LABELS: connection names, account IDs and names as label values. */
  accountLabels: boolean;
}

/**
 * The portal's state as metrics, read from the database at scrape time: every instance sharing the database
 * answers the same values (aggregate across instances with max, not sum). Label values are connection ids
 * (opaque), statuses and reasons from fixed lists; connection names and account IDs only when opted in.
 */
export async function collectStateMetrics(proc: ProcessMetrics, options: CollectOptions): Promise<Registry> {
  const { db, now, accountLabels } = options;
  const registry = new Registry();
  const connectionLabels = accountLabels ? (["connection", "connection_name"] as const) : (["connection"] as const);

  const connections = await db.connection.findMany({
    where: { status: "saved" },
    select: { id: true, name: true, lastTestStatus: true, lastTestAt: true, driftFindings: true },
    orderBy: { id: "asc" },
  });
  const labelsOf = new Map(connections.map((c) => [c.id, accountLabels ? { connection: c.id, connection_name: c.name } : { connection: c.id }]));

  // Accounts by their latest test result, per connection.
  const accounts = new Gauge({ name: "beaconport_accounts", help: "Target accounts of saved connections by the result of their latest test (passed, failed, untested).", labelNames: [...connectionLabels, "status"], registers: [registry] });
  const byStatus = await db.targetAccount.groupBy({ by: ["connectionId", "lastTestStatus"], where: { connection: { status: "saved" } }, _count: { _all: true } });
  for (const c of connections) for (const status of ["passed", "failed", "untested"]) accounts.set({ ...labelsOf.get(c.id), status }, 0);
  for (const row of byStatus) {
    const labels = labelsOf.get(row.connectionId);
    if (!labels) continue;
    const status = row.lastTestStatus === "passed" || row.lastTestStatus === "failed" ? row.lastTestStatus : "untested";
    accounts.inc({ ...labels, status }, row._count._all);
  }

  // Drift findings open: the home account's (on the connection) plus each target account's.
  const drift = new Gauge({ name: "beaconport_drift_findings_open", help: "Drift findings of the latest scheduled re-verification that are still open, per saved connection.", labelNames: [...connectionLabels], registers: [registry] });
  for (const c of connections) drift.set(labelsOf.get(c.id)!, countFindings(c.driftFindings));
  const driftedAccounts = await db.targetAccount.findMany({
    where: { connection: { status: "saved" }, driftFindings: { not: null } },
    select: { connectionId: true, driftFindings: true },
  });
  for (const a of driftedAccounts) {
    const labels = labelsOf.get(a.connectionId);
    if (labels) drift.inc(labels, countFindings(a.driftFindings));
  }

  // Seconds since the latest test in which every account passed (+Inf: never).
  const sinceSuccess = new Gauge({ name: "beaconport_connection_seconds_since_last_successful_test", help: "Seconds since the latest connection test of a saved connection in which every account passed; +Inf when none did.", labelNames: [...connectionLabels], registers: [registry] });
  const succeededRuns = await db.run.groupBy({ by: ["connectionId"], where: { kind: { in: [...BEACON_TEST_RUN_KINDS] }, status: "succeeded", connection: { status: "saved" } }, _max: { finishedAt: true } });
  const lastRun = new Map(succeededRuns.map((r) => [r.connectionId, r._max.finishedAt]));
  for (const c of connections) {
    const candidates = [c.lastTestStatus === "passed" ? c.lastTestAt : null, lastRun.get(c.id) ?? null].filter((d): d is Date => d instanceof Date);
    const last = candidates.length ? Math.max(...candidates.map((d) => d.getTime())) : null;
    sinceSuccess.set(labelsOf.get(c.id)!, last === null ? Infinity : Math.max(0, (now.getTime() - last) / 1000));
  }

  if (accountLabels) {
    const perAccount = new Gauge({ name: "beaconport_account_test_passed", help: "1 when the account's latest test passed, 0 when it failed (untested accounts are absent). Opt-in: BEACONPORT_METRICS_ACCOUNT_LABELS.", labelNames: ["connection", "connection_name", "account_id", "account_name"], registers: [registry] });
    const rows = await db.targetAccount.findMany({ where: { connection: { status: "saved" }, lastTestStatus: { in: ["passed", "failed"] } }, select: { connectionId: true, accountId: true, name: true, lastTestStatus: true } });
    for (const r of rows) {
      const labels = labelsOf.get(r.connectionId);
      if (labels) perAccount.set({ ...labels, account_id: r.accountId, account_name: r.name ?? "" }, r.lastTestStatus === "passed" ? 1 : 0);
    }
  }

  // Scheduled runs: counts by final status from the database (rows are never deleted, final statuses never
  // change, so these only grow), and the duration histogram fed incrementally with settled ticks.
  const runs = new Counter({ name: "beaconport_scheduled_runs_total", help: "Finished scheduled runs (AWS imports re-verification) by status and trigger; failures are status failed, partial or interrupted.", labelNames: ["status", "trigger"], registers: [registry] });
  for (const status of FINAL_TICK_STATUSES) for (const trigger of ["schedule", "manual"]) runs.inc({ status, trigger }, 0);
  const ticks = await db.scheduleTick.groupBy({ by: ["status", "trigger"], where: { status: { in: FINAL_TICK_STATUSES } }, _count: { _all: true } });
  for (const t of ticks) runs.inc({ status: t.status, trigger: t.trigger === "manual" ? "manual" : "schedule" }, t._count._all);
  const running = new Gauge({ name: "beaconport_scheduled_runs_running", help: "Scheduled runs in progress.", registers: [registry] });
  running.set(await db.scheduleTick.count({ where: { status: "running" } }));
  await observeSettledTicks(proc, db, now);

  // Sign-in failures, from the audit trail (every instance's, since the install began).
  const signIn = new Counter({ name: "beaconport_sign_in_failures_total", help: "Failed sign-ins recorded in the audit trail, by reason.", labelNames: ["reason"], registers: [registry] });
  const failures = await db.auditEvent.groupBy({ by: ["action"], where: { action: { in: Object.keys(SIGN_IN_FAILURES) } }, _count: { _all: true } });
  for (const reason of Object.values(SIGN_IN_FAILURES)) signIn.inc({ reason }, 0);
  for (const f of failures) signIn.inc({ reason: SIGN_IN_FAILURES[f.action]! }, f._count._all);

  // The audit chain, re-verified at most every few minutes (it reads every event).
  if (!proc.audit || now.getTime() - proc.audit.at.getTime() >= AUDIT_VERIFY_EVERY_MS) {
    const verdict = await verifyAuditChain({ db });
    proc.audit = { at: now, ok: verdict.ok, events: verdict.ok ? verdict.count : 0 };
  }
  new Gauge({ name: "beaconport_audit_chain_valid", help: "1 when the audit trail's hash chain verified at the latest check, 0 when an event was altered or is missing.", registers: [registry] }).set(proc.audit.ok ? 1 : 0);
  new Gauge({ name: "beaconport_audit_chain_events", help: "Events in the audit chain at the latest successful verification.", registers: [registry] }).set(proc.audit.events);
  new Gauge({ name: "beaconport_audit_chain_verified_timestamp_seconds", help: "When this process last verified the audit chain (Unix time).", registers: [registry] }).set(proc.audit.at.getTime() / 1000);

  return registry;
}

async function observeSettledTicks(proc: ProcessMetrics, db: DbOrTx, now: Date): Promise<void> {
  const upTo = new Date(now.getTime() - TICK_SETTLE_MS);
  if (upTo <= proc.scheduledRunCursor) return;
  const settled = await db.scheduleTick.findMany({
    where: { status: { in: ["succeeded", "partial", "failed"] }, finishedAt: { gt: proc.scheduledRunCursor, lte: upTo } },
    select: { startedAt: true, finishedAt: true },
  });
  for (const t of settled) {
    if (!t.finishedAt) continue;
    proc.scheduledRunDuration.observe(Math.max(0, (t.finishedAt.getTime() - t.startedAt.getTime()) / 1000));
  }
  proc.scheduledRunCursor = upTo;
}

/** Length of a stored findings array (JSON text); 0 for none or unreadable text. */
function countFindings(text: string | null): number {
  if (!text) return 0;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.length : 0;
  } catch {
    return 0;
  }
}
