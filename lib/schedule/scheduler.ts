import "server-only";
import { getDb, type DbOrTx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { mapPool } from "@/lib/aws/pool";
import { startRun } from "@/lib/runs";
import { claimDueSchedule, INSTANCE_ID, type ClaimedTick } from "./claim-due-schedule";
import { testConnectionOnSchedule, type ConnectionOutcome } from "./test-connection-on-schedule";
import { SCHEDULE_RUN } from "./schedule-run-kind";

/** Connections tested at once within one tick (each already runs its accounts concurrently). */
const CONNECTION_CONCURRENCY = 2;
/** A tick still "running" after this long was cut short by a restart. */
const STALE_TICK_MS = 6 * 3_600_000;

const state = globalThis as unknown as { __beaconportScheduler?: { timer: ReturnType<typeof setInterval> | null; inFlight: Set<Promise<unknown>> } };
function scheduler() {
  state.__beaconportScheduler ??= { timer: null, inFlight: new Set() };
  return state.__beaconportScheduler;
}

export type TickJob = (claim: ClaimedTick) => Promise<unknown>;

/** The Run kind of a "Run now" (the schedule page follows it live). */
export const SCHEDULE_RUN_KIND = SCHEDULE_RUN.id;

/** Hooks to follow a tick as it goes (Run now reports them as run events). */
export interface TickObserver {
  /** The saved connections were listed; their tests start. */
  onStart?(connections: number): void;
  /** One connection's scheduled test ended. */
  onOutcome?(outcome: ConnectionOutcome): void;
}

/** A tick's overall status, from its connections' outcomes. */
export function tickStatus(outcomes: ConnectionOutcome[]): "succeeded" | "partial" | "failed" {
  const failed = outcomes.filter((o) => o.status === "failed").length;
  const drift = outcomes.reduce((n, o) => n + o.drift, 0);
  return outcomes.length === 0 ? "succeeded" : failed === outcomes.length ? "failed" : failed > 0 || drift > 0 ? "partial" : "succeeded";
}

/**
 * Runs a claimed tick: the scheduled test of every saved connection, then the tick's summary (the
 * schedule page's "past runs").
 */
export async function runClaimedTick(claim: ClaimedTick, options: { actorId?: string; observer?: TickObserver } = {}): Promise<ConnectionOutcome[]> {
  const db = getDb();
  const connections = await db.connection.findMany({ where: { status: "saved" }, select: { id: true }, orderBy: { name: "asc" } });
  await db.scheduleTick.update({ where: { id: claim.tickId }, data: { connections: connections.length } });
  options.observer?.onStart?.(connections.length);
  let outcomes: ConnectionOutcome[] = [];
  try {
    outcomes = await mapPool(connections, CONNECTION_CONCURRENCY, async (c) => {
      let outcome: ConnectionOutcome;
      try {
        outcome = await testConnectionOnSchedule(c.id, { createdById: options.actorId });
      } catch (error) {
        log.error("schedule.connection_failed", { connectionId: c.id, error: error instanceof Error ? error.name : "unknown" });
        outcome = { connectionId: c.id, name: "", runId: null, status: "failed", passed: 0, failed: 0, drift: 0, note: "The scheduled test could not start." };
      }
      options.observer?.onOutcome?.(outcome);
      return outcome;
    });
  } finally {
    const drift = outcomes.reduce((n, o) => n + o.drift, 0);
    const status = tickStatus(outcomes);
    await db.scheduleTick.update({
      where: { id: claim.tickId },
      data: {
        status,
        finishedAt: new Date(),
        accountsPassed: outcomes.reduce((n, o) => n + o.passed, 0),
        accountsFailed: outcomes.reduce((n, o) => n + o.failed, 0),
        driftCount: drift,
        summary: JSON.stringify(outcomes),
      },
    });
  }
  return outcomes;
}

/**
 * One scheduler tick in this instance: claim the due schedule (at most one instance wins) and run it.
 * `job` is injectable so the exactly-once test can count executions on separate database clients.
 */
export async function tick(options: { db?: DbOrTx; now?: Date; instanceId?: string; job?: TickJob } = {}): Promise<ClaimedTick | null> {
  const claim = await claimDueSchedule({ db: options.db ?? getDb(), trigger: "schedule", now: options.now, instanceId: options.instanceId });
  if (!claim) return null;
  log.info("schedule.claimed", { tickId: claim.tickId, dueAt: claim.dueAt.toISOString(), claimedBy: options.instanceId ?? INSTANCE_ID });
  await (options.job ?? runClaimedTick)(claim);
  return claim;
}

/**
 * "Run now": the same claim as a scheduled tick (so two admins, or an admin and the timer, cannot
 * start two runs of the same state); the work continues in the background as a run (kind
 * "schedule-run") that the schedule page follows: one event and one step of progress per connection.
 */
export async function runNow(actorId: string): Promise<ClaimedTick & { runId: string }> {
  const claim = await claimDueSchedule({ db: getDb(), trigger: "manual", actorId });
  if (!claim) {
    throw new AppError("CONFLICT", "The schedule was just claimed by another run; its results appear below in a moment.", { hint: "Reload the page to follow it." });
  }
  // Tracked like a timer tick, so this instance's timer does not start another tick meanwhile.
  let release!: () => void;
  track(new Promise<void>((resolve) => (release = resolve)));
  try {
    const { runId } = await startRun({ kind: SCHEDULE_RUN, createdById: actorId }, async (ctx) => {
      try {
        let completed = 0;
        let failed = 0;
        const outcomes = await runClaimedTick(claim, {
          actorId,
          observer: {
            onStart(connections) {
              ctx.progress({ total: connections });
              ctx.emit({ step: "schedule", status: "running", message: `Testing ${connections} saved connection(s)` });
            },
            onOutcome(o) {
              if (o.status === "failed") failed++;
              else completed++;
              ctx.progress({ completed, failed });
              ctx.emit({ step: "connection", status: o.status === "failed" ? "failed" : o.status === "skipped" ? "skipped" : "done", message: describeOutcome(o), details: { connectionId: o.connectionId, runId: o.runId, status: o.status } });
            },
          },
        });
        const status = tickStatus(outcomes);
        ctx.emit({ step: "schedule", status: status === "failed" ? "failed" : "done", message: `Tested ${outcomes.length} connection(s): ${status}` });
        return { status, result: { tickId: claim.tickId, connections: outcomes.length } };
      } finally {
        release();
      }
    });
    return { ...claim, runId };
  } catch (error) {
    release();
    throw error;
  }
}

function describeOutcome(o: ConnectionOutcome): string {
  const name = o.name || o.connectionId;
  if (o.status === "skipped") return `${name}: skipped (${o.note ?? "not tested"})`;
  const counts = `${o.passed} account(s) passed, ${o.failed} failed${o.drift ? `, ${o.drift} drift finding(s)` : ""}`;
  return `${name}: ${o.status} (${counts})${o.note ? `; ${o.note}` : ""}`;
}

function track(p: Promise<unknown>): void {
  const s = scheduler();
  const guarded = p.catch((error) => log.error("schedule.tick_failed", { error: error instanceof Error ? error.name : "unknown" }));
  s.inFlight.add(guarded);
  void guarded.finally(() => s.inFlight.delete(guarded));
}

/** Waits for ticks started in this process (tests). */
export async function settleTicks(): Promise<void> {
  await Promise.allSettled([...scheduler().inFlight]);
}

/**
 * Starts the timer in this server process (instrumentation.ts). Off when BEACONPORT_SCHEDULER_TICK_SECONDS
 * is 0/"off". Several instances may run it: the database claim makes each due run happen once.
 */
export function startScheduler(): boolean {
  const s = scheduler();
  const tickMs = env().scheduler.tickMs;
  if (s.timer || tickMs === null) return false;
  void getDb()
    .scheduleTick.updateMany({ where: { status: "running", startedAt: { lt: new Date(Date.now() - STALE_TICK_MS) } }, data: { status: "interrupted", finishedAt: new Date() } })
    .catch(() => {});
  const beat = () => {
    // One tick at a time per instance: a slow run must not pile up claims behind it.
    if (s.inFlight.size > 0) return;
    track(tick());
  };
  s.timer = setInterval(beat, tickMs);
  s.timer.unref?.();
  setTimeout(beat, Math.min(tickMs, 5_000)).unref?.();
  log.info("schedule.started", { tickMs, instanceId: INSTANCE_ID });
  return true;
}

export function stopScheduler(): void {
  const s = scheduler();
  if (s.timer) clearInterval(s.timer);
  s.timer = null;
}
