/**
 * Runs once when the Next.js server starts (https://nextjs.org/docs/app/guides/instrumentation).
 * Reading NEXT_RUNTIME here is the documented way to keep Node-only code out of the edge bundle.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { markInterruptedRuns } = await import("@/lib/runs/mark-interrupted-runs");
  const { log } = await import("@/lib/log");
  try {
    const count = await markInterruptedRuns();
    if (count > 0) log.warn("runs.interrupted", { count });
  } catch (error) {
    // The database may not be migrated yet in odd setups; the portal still starts and reports it elsewhere.
    log.error("runs.interrupted_check_failed", { error: error instanceof Error ? error.name : "unknown" });
  }
  // The "AWS imports" re-verification (lib/schedule): every instance ticks; the database claim makes
  // each due run happen in exactly one of them.
  try {
    const { startScheduler } = await import("@/lib/schedule/scheduler");
    startScheduler();
  } catch (error) {
    log.error("schedule.start_failed", { error: error instanceof Error ? error.name : "unknown" });
  }
}
