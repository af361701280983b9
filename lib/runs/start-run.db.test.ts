import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { getRun, getRunSummary, markInterruptedRuns, MAX_EVENT_SEQ, settleRuns, startRun } from "@/lib/runs";
import { beatRuns, RUN_STALE_AFTER_MS } from "@/lib/runs/start-run";
import { INSTANCE_ID } from "@/lib/instance";
import { AppError } from "@/lib/errors";
import { setLogSink, withLogContext } from "@/lib/log";
import { testRunKind } from "@/test/run-kind";

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});
afterAll(async () => {
  await settleRuns();
  await t.cleanup();
});

async function makeConnection(name: string): Promise<string> {
  const c = await t.db.connection.create({ data: { name, model: "{}" } });
  return c.id;
}

describe("startRun", () => {
  it("a run's log lines carry its id, and the id of the request that started it", async () => {
    const lines: Record<string, unknown>[] = [];
    const previous = setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    try {
      const { runId } = await withLogContext({ requestId: "proxy-req-0003" }, () =>
        startRun({ kind: testRunKind("rollout"), total: 1 }, async () => {
          await new Promise((r) => setTimeout(r, 5));
          throw new Error("boom");
        }),
      );
      await settleRuns();
      expect((await getRun(runId)).status).toBe("failed");
      expect(lines.filter((l) => l.event === "error.unexpected").map((l) => [l.runId, l.requestId])).toEqual([[runId, "proxy-req-0003"]]);
    } finally {
      setLogSink(previous);
    }
  });

  it("a run whose outcome cannot be saved logs run.finish_failed with its id, from the run's log context", async () => {
    const lines: Record<string, unknown>[] = [];
    const previous = setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    try {
      // A BigInt has no JSON form: storing the result throws after the work succeeded.
      const { runId } = await withLogContext({ requestId: "proxy-req-0004" }, () => startRun({ kind: testRunKind("rollout"), total: 1 }, async () => ({ status: "succeeded", result: { count: 1n } })));
      await settleRuns();
      expect(lines.filter((l) => l.event === "run.finish_failed")).toEqual([expect.objectContaining({ level: "error", runId, requestId: "proxy-req-0004", error: "TypeError" })]);
    } finally {
      setLogSink(previous);
    }
  });

  it("returns at once, then stores ordered events, progress and the outcome", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { runId } = await startRun({ kind: testRunKind("rollout"), total: 2 }, async (ctx) => {
      ctx.emit({ accountId: "222222222222", step: "role", status: "running", message: "Creating the role" });
      await gate;
      for (let i = 0; i < 50; i++) ctx.emit({ accountId: "222222222222", step: `s${i}`, status: "done", message: `step ${i}` });
      ctx.progress({ completed: 2 });
      return { status: "succeeded", result: { changed: 3 } };
    });
    expect((await getRun(runId)).status).toBe("running");
    release();
    await settleRuns();
    const view = await getRun(runId);
    expect(view.status).toBe("succeeded");
    expect(view.completed).toBe(2);
    expect(view.result).toEqual({ changed: 3 });
    expect(view.events.map((e) => e.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(view.events[0]).toMatchObject({ accountId: "222222222222", step: "role", status: "running" });
    const tail = await getRun(runId, { afterSeq: 49 });
    expect(tail.events.map((e) => e.seq)).toEqual([50, 51]);
    expect(tail.lastSeq).toBe(51);
    // The run row alone, without reading events (step 5's plan and retry checks).
    const summary = await getRunSummary(runId);
    expect(summary).toMatchObject({ id: runId, status: "succeeded", result: { changed: 3 } });
    expect(summary).not.toHaveProperty("events");
    // The highest position a 32-bit column holds works on both providers; past it is refused, not a database error.
    expect((await getRun(runId, { afterSeq: MAX_EVENT_SEQ })).events).toEqual([]);
    for (const afterSeq of [MAX_EVENT_SEQ + 1, Number.MAX_SAFE_INTEGER, -1, 1.5, Infinity]) {
      await expect(getRun(runId, { afterSeq }), String(afterSeq)).rejects.toMatchObject({ code: "VALIDATION" });
    }
  });

  it("a follower polling with the last position it was given receives every event once, while they are written", async () => {
    // useRun's loop: ask for what is after the position of the previous answer. The position must never
    // run ahead of the events delivered (events written between the answer's two reads were skipped for
    // good on PostgreSQL: the schedule's Run now lost connection lines).
    const batches = 40;
    const { runId } = await startRun({ kind: testRunKind("verify") }, async (ctx) => {
      for (let b = 0; b < batches; b++) {
        for (let i = 0; i < 5; i++) ctx.emit({ step: "s", status: "done", message: `event ${b}.${i}` });
        await new Promise((resolve) => setTimeout(resolve, 160));
      }
      return { status: "succeeded" };
    });
    const received: number[] = [];
    let position = 0;
    for (;;) {
      const view = await getRun(runId, { afterSeq: position });
      received.push(...view.events.map((e) => e.seq));
      position = view.lastSeq;
      if (view.status !== "running" && view.events.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(received).toEqual(Array.from({ length: batches * 5 }, (_, i) => i + 1));
  });

  it("records a thrown error as a failed run with a safe message, never the raw error text", async () => {
    const { runId } = await startRun({ kind: testRunKind("verify") }, async () => {
      throw new Error("internal detail secretAccessKey=abc");
    });
    await settleRuns();
    const view = await getRun(runId);
    expect(view.status).toBe("failed");
    expect(view.error).toMatch(/Something failed \(reference/);
    expect(view.error).not.toContain("abc");
  });

  it("shows an AppError's own message and hint", async () => {
    const { runId } = await startRun({ kind: testRunKind("verify") }, async () => {
      throw new AppError("AWS_ACCESS_DENIED", "AWS denied iam:GetUser.", { hint: "Grant it." });
    });
    await settleRuns();
    expect((await getRun(runId)).error).toBe("AWS denied iam:GetUser. Grant it.");
  });

  it("redacts secrets in event details and results before storing them", async () => {
    const { runId } = await startRun({ kind: testRunKind("access-key") }, async (ctx) => {
      ctx.emit({ step: "key", status: "done", message: "ok", details: { secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } });
      return { status: "succeeded", result: { password: "hunter2hunter2" } };
    });
    await settleRuns();
    const view = await getRun(runId);
    expect(JSON.stringify(view)).not.toContain("wJalrXUtnFEMI");
    expect(JSON.stringify(view)).not.toContain("hunter2hunter2");
  });

  it("refuses a second active run of the same kind on the same connection", async () => {
    const connectionId = await makeConnection("conflict");
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await startRun({ kind: testRunKind("rollout"), connectionId }, async () => {
      await gate;
      return { status: "succeeded" };
    });
    await expect(startRun({ kind: testRunKind("rollout"), connectionId }, async () => ({ status: "succeeded" }))).rejects.toMatchObject({ code: "CONFLICT" });
    // another kind on the same connection is fine
    await startRun({ kind: testRunKind("verify"), connectionId }, async () => ({ status: "succeeded" }));
    release();
    await settleRuns();
    await startRun({ kind: testRunKind("rollout"), connectionId }, async () => ({ status: "succeeded" }));
    await settleRuns();
  });

  it("marks runs left active by a previous process as interrupted", async () => {
    const stale = await t.db.run.create({ data: { kind: "rollout", status: "running", startedAt: new Date() } });
    expect(await markInterruptedRuns()).toBeGreaterThanOrEqual(1);
    const view = await getRun(stale.id);
    expect(view.status).toBe("interrupted");
    expect(view.error).toMatch(/stopped/);
  });

  it("leaves a live instance's runs alone: only a stale heartbeat, never this process's own runs", async () => {
    const now = new Date();
    const fresh = await t.db.run.create({ data: { kind: "rollout", status: "running", startedAt: now, instanceId: "other-host:1:abc", heartbeatAt: now } });
    const dead = await t.db.run.create({ data: { kind: "rollout", status: "running", startedAt: now, instanceId: "other-host:2:def", heartbeatAt: new Date(now.getTime() - RUN_STALE_AFTER_MS - 1000) } });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { runId: mine } = await startRun({ kind: testRunKind("rollout") }, async () => {
      await gate;
      return { status: "succeeded" };
    });
    // Even long after its start this process's run is not interrupted by its own sweep.
    await markInterruptedRuns({ now: new Date(now.getTime() + 10 * RUN_STALE_AFTER_MS) }).catch(() => 0);
    expect((await getRun(mine)).status).toBe("running");
    expect((await t.db.run.findUniqueOrThrow({ where: { id: mine } })).instanceId).toBe(INSTANCE_ID);

    await t.db.run.update({ where: { id: fresh.id }, data: { status: "running", finishedAt: null, heartbeatAt: now } });
    await t.db.run.update({ where: { id: dead.id }, data: { status: "running", finishedAt: null } });
    await markInterruptedRuns({ now });
    expect((await getRun(fresh.id)).status).toBe("running");
    expect((await getRun(dead.id)).status).toBe("interrupted");

    // The heartbeat moves forward while the run is active.
    const later = new Date(now.getTime() + 30_000);
    expect(await beatRuns(later)).toBe(1);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: mine } })).heartbeatAt?.getTime()).toBe(later.getTime());

    // At an SQLite start-up every other process's active run is interrupted at once.
    await markInterruptedRuns({ now, everyOtherInstance: true });
    expect((await getRun(fresh.id)).status).toBe("interrupted");
    expect((await getRun(mine)).status).toBe("running");
    release();
    await settleRuns();
    expect((await getRun(mine)).status).toBe("succeeded");
  });

  it("answers NOT_FOUND for an unknown run", async () => {
    await expect(getRun("nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
