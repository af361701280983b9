/**
 * A run whose process died: interruption closes every open step as interrupted and the counts show
 * what finished (issue #14).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { getRun, markInterruptedRuns } from "@/lib/runs";

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

describe("markInterruptedRuns", () => {
  it("closes every open step as interrupted, and counts the accounts that finished", async () => {
    const accounts = Array.from({ length: 21 }, (_, i) => String(200000000000 + i));
    const run = await t.db.run.create({
      data: { kind: "rollout", status: "running", total: 21, instanceId: "a-process-that-died", heartbeatAt: new Date(Date.now() - 3_600_000), startedAt: new Date(), exclusiveKey: "gone:rollout" },
    });
    let seq = 0;
    const events: { runId: string; seq: number; accountId: string; step: string; status: string; message: string }[] = [];
    const push = (accountId: string, step: string, status: string) => events.push({ runId: run.id, seq: ++seq, accountId, step, status, message: status });
    for (const a of accounts) for (const step of ["reach-account", "role"]) push(a, step, "waiting");
    // 15 finished, 1 failed, 5 still open when the process died (one of them propagating).
    accounts.slice(0, 15).forEach((a) => ["reach-account", "role"].forEach((s) => push(a, s, "done")));
    push(accounts[15]!, "reach-account", "failed");
    push(accounts[15]!, "role", "skipped");
    push(accounts[16]!, "reach-account", "done");
    push(accounts[16]!, "role", "propagating");
    push(accounts[17]!, "reach-account", "running");
    await t.db.runEvent.createMany({ data: events });

    expect(await markInterruptedRuns({ everyOtherInstance: true })).toBe(1);
    const view = await getRun(run.id);
    expect(view.status).toBe("interrupted");
    expect({ completed: view.completed, failed: view.failed }).toEqual({ completed: 15, failed: 1 });
    const latest = new Map<string, string>();
    for (const e of view.events) latest.set(`${e.accountId}:${e.step}`, e.status);
    const open = [...latest.entries()].filter(([, s]) => ["waiting", "running", "propagating"].includes(s));
    expect(open).toEqual([]);
    expect(latest.get(`${accounts[16]}:role`)).toBe("interrupted");
    expect(latest.get(`${accounts[20]}:reach-account`)).toBe("interrupted");
    expect(latest.get(`${accounts[0]}:role`)).toBe("done");
  });
});
