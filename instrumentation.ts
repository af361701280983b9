/**
 * Runs once when the Next.js server starts (https://nextjs.org/docs/app/guides/instrumentation).
 * Reading NEXT_RUNTIME here is the documented way to keep Node-only code out of the edge bundle.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startRunSweeper } = await import("@/lib/runs/mark-interrupted-runs");
  const { log } = await import("@/lib/log");
  await startRunSweeper();
  // The "AWS imports" re-verification (lib/schedule): every instance ticks; the database claim makes
  // each due run happen in exactly one of them.
  try {
    const { startScheduler } = await import("@/lib/schedule/scheduler");
    startScheduler();
  } catch (error) {
    log.error("schedule.start_failed", { error: error instanceof Error ? error.name : "unknown" });
  }
}
