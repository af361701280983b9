/** The scheduler's run kinds: their ids and the results they store. Pure (client-safe). */
import { z } from "zod";
import { CONNECTION_TEST_RUN } from "@/lib/connections/test-summary";
import { findingSchema } from "@/lib/model/finding-schema";
import { defineRunKind } from "@/lib/runs/run-kind";

/** One tick of the scheduler over every due connection (the schedule page's "Run now" follows it). */
export const SCHEDULE_RUN = defineRunKind("schedule-run", z.object({ tickId: z.string(), connections: z.number() }));

/** The scheduled re-verification of one saved connection, read by the schedule and manage pages. */
export const SCHEDULED_TEST_RUN = defineRunKind(
  "scheduled-test",
  z.object({
    status: z.enum(["passed", "failed", "drift"]),
    passed: z.number(),
    failed: z.number(),
    drift: z.object({ home: z.array(findingSchema), accounts: z.record(z.string(), z.array(findingSchema)), count: z.number() }),
    failedAccounts: z.array(z.object({ accountId: z.string(), reason: z.string().nullable() })),
    webhook: z.string().nullable(),
    /** The collector key the test signed in with (an id, not a secret): never suggested for retirement. */
    accessKeyId: z.string().optional(),
  }),
);
export type ScheduledTestResult = z.output<typeof SCHEDULED_TEST_RUN.result>;

/** The runs that test a connection as the beacon does (step 8's test and the scheduled one): dashboard and metrics read them. */
export const BEACON_TEST_RUN_KINDS: readonly string[] = [CONNECTION_TEST_RUN.id, SCHEDULED_TEST_RUN.id];

/** A schedule run's stored result, or null when there is none or it does not read as one. */
export function scheduleRunResult(value: unknown): z.output<typeof SCHEDULE_RUN.result> | null {
  return SCHEDULE_RUN.read(value);
}

/**
 * The collector key a stored scheduled test signed in with, read on its own: a result of an older or
 * partial shape still names it, so that key is never suggested for retirement.
 */
export function scheduledTestKeyOf(value: unknown): string | null {
  const parsed = SCHEDULED_TEST_RUN.result.pick({ accessKeyId: true }).safeParse(value);
  return parsed.success ? (parsed.data.accessKeyId ?? null) : null;
}
