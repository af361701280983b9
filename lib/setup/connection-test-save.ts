import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getRunSummary } from "@/lib/runs";
import type { ConnectionSettings } from "@/lib/connections/settings";
import { auditableSettings, loadConnectionSettings, settingsDiffer, settingsFingerprint } from "@/lib/connections/settings-store";
import { asConnectionTestSummary } from "@/lib/connections/test-summary";
import { linkConnectionToSchedule, type ScheduleView } from "@/lib/connections/schedule";

/** Why Save is refused right now, or null when it is allowed (the same rule the button shows). */
export async function saveRefusal(connectionId: string, submitted?: ConnectionSettings): Promise<string | null> {
  const stored = await loadConnectionSettings(connectionId);
  if (submitted && settingsDiffer(stored, submitted)) return "The connection details changed since the last test. Click Test connection again; you can save only tested details.";
  if (stored.lastTestStatus !== "passed" || !stored.lastTestRunId) {
    return stored.lastTestStatus === "failed"
      ? "The last connection test failed. Correct the details and test again: the beacon cannot save a connection whose test failed."
      : "Test the connection first: the beacon saves a connection only after Test connection succeeded.";
  }
  const run = await getRunSummary(stored.lastTestRunId).catch(() => null);
  const summary = asConnectionTestSummary(run?.result);
  if (!summary?.ok || summary.settingsFingerprint !== settingsFingerprint(stored)) {
    return "The last successful test was for different details. Click Test connection again.";
  }
  return null;
}

/**
 * The beacon's Save: only after a passing test of exactly these details (re-checked here, whatever the
 * page showed). Links the connection to the "AWS imports" schedule and makes the next import due.
 */
export async function saveTestedConnection(input: ConnectionSettings): Promise<{ schedule: ScheduleView; before: Record<string, unknown>; after: Record<string, unknown> }> {
  const refusal = await saveRefusal(input.connectionId, input);
  if (refusal) throw new AppError("CONFLICT", refusal, { hint: "Save is possible only after Test connection succeeded (procedure step 8.5)." });
  const stored = await loadConnectionSettings(input.connectionId);
  const db = getDb();
  const schedule = await db.$transaction(async (tx) => {
    await tx.connection.update({ where: { id: input.connectionId }, data: { status: "saved", savedAt: new Date() } });
    return linkConnectionToSchedule({ connectionId: input.connectionId, db: tx });
  });
  const details = auditableSettings(stored);
  return { schedule, before: { status: stored.status }, after: { ...details, status: "saved", schedule: schedule.name, nextRunAt: schedule.nextRunAt } };
}
