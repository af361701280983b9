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
  const { count } = await getDb().run.updateMany({
    where: {
      status: { in: ACTIVE },
      ...(options.exclusiveKey ? { exclusiveKey: options.exclusiveKey } : {}),
      OR: [{ instanceId: null }, { instanceId: { not: INSTANCE_ID } }],
      ...(options.everyOtherInstance ? {} : { AND: [{ OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: staleBefore } }] }] }),
    },
    data: { status: "interrupted", exclusiveKey: null, finishedAt: now, error: "The portal process running this stopped (restart or crash) before it finished; start it again." },
  });
  return count;
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
