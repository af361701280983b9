import "server-only";
import { getDb } from "@/lib/db";

/**
 * Runs live in the process that started them. After a restart, any run still marked active was cut
 * short: say so instead of showing a spinner forever. Called once when the server starts.
 */
export async function markInterruptedRuns(): Promise<number> {
  const { count } = await getDb().run.updateMany({
    where: { status: { in: ["queued", "running"] } },
    data: { status: "interrupted", finishedAt: new Date(), error: "The server restarted while this was running; start it again." },
  });
  return count;
}
