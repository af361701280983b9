/**
 * The schedule page finds a "Run now" that is still going (started in another tab or before a reload)
 * so it can follow it live; a finished one, or a run of another kind, is not offered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settleRuns, startRun } from "@/lib/runs";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { activeScheduleRun } from "./load-schedule-page";
import { SCHEDULE_RUN_KIND } from "./scheduler";
import { testRunKind } from "@/test/run-kind";

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});
afterAll(() => t?.cleanup());

describe("activeScheduleRun", () => {
  it("returns the running Run now with its events, and nothing once it has ended", async () => {
    expect(await activeScheduleRun()).toBeNull();
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    // Another kind of run going at the same time is not the schedule's.
    await startRun({ kind: testRunKind("drift-pinpoint"), total: 1 }, async () => {
      await gate;
      return { status: "succeeded" };
    });
    const { runId } = await startRun({ kind: testRunKind(SCHEDULE_RUN_KIND), total: 2 }, async (ctx) => {
      ctx.emit({ step: "schedule", status: "running", message: "Testing 2 saved connection(s)" });
      await gate;
      return { status: "succeeded", result: { tickId: "tick-1" } };
    });
    await expect.poll(async () => (await activeScheduleRun())?.events.length ?? 0).toBe(1);
    const active = await activeScheduleRun();
    expect(active?.id).toBe(runId);
    expect(active?.kind).toBe(SCHEDULE_RUN_KIND);
    finish();
    await settleRuns();
    expect(await activeScheduleRun()).toBeNull();
  });
});
