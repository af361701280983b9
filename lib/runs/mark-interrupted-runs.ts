import "server-only";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { INSTANCE_ID } from "@/lib/instance";
import { log } from "@/lib/log";
import { RUN_HEARTBEAT_MS, RUN_STALE_AFTER_MS } from "./liveness";

const ACTIVE = ["queued", "running"];

/**
 * Runs live in the process that started them. A run still marked active whose process is gone was cut
 * short: say so instead of showing a spinner forever. "Gone" means its heartbeat is older than
 * `staleAfterMs`; runs of this process are never touched. With the embedded SQLite database only one
 * portal process uses the file, so at start-up every other process's active run is interrupted at once
 * (`everyOtherInstance`); with PostgreSQL another live instance keeps its runs' heartbeat fresh, so only
 * stale ones are marked. Marking a run interrupted also frees its exclusive key (`exclusiveKey`), so a
 * dead process's run stops blocking the next run of its kind; `exclusiveKey` limits the sweep to one key.
 */
export async function markInterruptedRuns(options: { now?: Date; staleAfterMs?: number; everyOtherInstance?: boolean; exclusiveKey?: string } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const staleBefore = new Date(now.getTime() - (options.staleAfterMs ?? RUN_STALE_AFTER_MS));
  const db = getDb();
  const where = {
    status: { in: ACTIVE },
    ...(options.exclusiveKey ? { exclusiveKey: options.exclusiveKey } : {}),
    OR: [{ instanceId: null }, { instanceId: { not: INSTANCE_ID } }],
    ...(options.everyOtherInstance ? {} : { AND: [{ OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: staleBefore } }] }] }),
  };
  const found = await db.run.findMany({ where, select: { id: true } });
  if (found.length === 0) return 0;
  const { count } = await db.run.updateMany({
    where: { ...where, id: { in: found.map((r) => r.id) } },
    data: { status: "interrupted", exclusiveKey: null, finishedAt: now, error: "The portal process running this stopped (restart or crash) before it finished; start it again." },
  });
  // Only the runs this call interrupted (another sweeper, or the run's own end, may have come first).
  const interrupted = await db.run.findMany({ where: { id: { in: found.map((r) => r.id) }, status: "interrupted", finishedAt: now }, select: { id: true, completed: true, failed: true } });
  for (const run of interrupted) {
    await closeOpenSteps(run).catch((error: unknown) => log.error("runs.interrupted_close_failed", { runId: run.id, error: error instanceof Error ? error.name : "unknown" }));
  }
  return count;
}

const OPEN = new Set(["waiting", "running", "propagating"]);
const FINISHED = new Set(["done", "failed", "skipped"]);

/**
 * An interrupted run's steps that were still waiting or running get an "interrupted" event (they
 * never finished), and the progress counts take in every account whose steps all finished before the
 * process stopped (the last progress write may have been lost with it).
 */
async function closeOpenSteps(run: { id: string; completed: number; failed: number }): Promise<void> {
  const db = getDb();
  const events = await db.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: "asc" }, select: { seq: true, accountId: true, step: true, status: true } });
  const latest = new Map<string, { accountId: string | null; step: string; status: string }>();
  for (const e of events) latest.set(`${e.accountId ?? ""}\u0000${e.step}`, e);
  const open = [...latest.values()].filter((e) => OPEN.has(e.status));
  let seq = events.at(-1)?.seq ?? 0;
  if (open.length > 0) {
    const at = new Date();
    await db.runEvent.createMany({
      data: open.map((e) => ({ runId: run.id, seq: ++seq, at, accountId: e.accountId, step: e.step, status: "interrupted", message: "Interrupted: the portal process stopped before this step finished" })),
    });
  }
  const byAccount = new Map<string, string[]>();
  for (const e of latest.values()) {
    if (e.accountId === null) continue;
    byAccount.set(e.accountId, [...(byAccount.get(e.accountId) ?? []), e.status]);
  }
  let completed = 0;
  let failed = 0;
  for (const statuses of byAccount.values()) {
    if (!statuses.every((s) => FINISHED.has(s))) continue;
    if (statuses.includes("failed")) failed++;
    else completed++;
  }
  if (completed > run.completed || failed > run.failed) {
    await db.run.update({ where: { id: run.id }, data: { completed: Math.max(completed, run.completed), failed: Math.max(failed, run.failed) } });
  }
}

let sweeper: ReturnType<typeof setInterval> | null = null;

/** At server start: interrupt what a previous process left running, then keep sweeping for runs whose process died. */
export async function startRunSweeper(): Promise<void> {
  const sweep = async (everyOtherInstance: boolean) => {
    try {
      const count = await markInterruptedRuns({ everyOtherInstance });
      if (count > 0) log.warn("runs.interrupted", { count });
    } catch (error) {
      // The database may not be migrated yet in odd setups; the portal still starts and reports it elsewhere.
      log.error("runs.interrupted_check_failed", { error: error instanceof Error ? error.name : "unknown" });
    }
  };
  await sweep(env().databaseProvider === "sqlite");
  sweeper ??= setInterval(() => void sweep(false), 2 * RUN_HEARTBEAT_MS);
  sweeper.unref();
}
