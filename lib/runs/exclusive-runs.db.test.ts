/**
 * "One run of a kind per connection at a time" is the database's rule, not this process's memory: the
 * loser of a race gets CONFLICT whichever module copy or instance it reached, and a run left active by a
 * dead process stops blocking once it is marked interrupted.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { markInterruptedRuns, settleRuns, startRun } from "@/lib/runs";
import { RUN_STALE_AFTER_MS } from "@/lib/runs/start-run";
import { testRunKind } from "@/test/run-kind";

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});
afterAll(async () => {
  await settleRuns();
  await t.cleanup();
});

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

async function makeConnection(name: string): Promise<string> {
  return (await t.db.connection.create({ data: { name, model: "{}" } })).id;
}

describe("exclusive runs", () => {
  it("of N concurrent starts of one kind on one connection, exactly one runs; the others get CONFLICT", async () => {
    // A second copy of the module (as a second bundle or instance would have) shares no memory with the first.
    vi.resetModules();
    const other = await import("@/lib/runs/start-run");
    expect(other.startRun).not.toBe(startRun);
    for (let round = 0; round < 5; round++) {
      const connectionId = await makeConnection(`race-${round}`);
      const g = gate();
      const work = async () => {
        await g.wait;
        return { status: "succeeded" as const };
      };
      const starts = Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? startRun : other.startRun)({ kind: testRunKind("connection-test"), connectionId }, work));
      try {
        const results = await Promise.allSettled(starts);
        const ok = results.filter((r) => r.status === "fulfilled");
        const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        expect(ok).toHaveLength(1);
        for (const r of refused) expect(r.reason).toMatchObject({ code: "CONFLICT" });
        expect(await t.db.run.count({ where: { connectionId } })).toBe(1);
      } finally {
        g.open();
        await settleRuns();
        await other.settleRuns();
      }
    }
  });

  it("frees the connection when the run finishes", async () => {
    const connectionId = await makeConnection("finish");
    const { runId } = await startRun({ kind: testRunKind("rollout"), connectionId }, async () => ({ status: "succeeded" }));
    await settleRuns();
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).exclusiveKey).toBeNull();
    await startRun({ kind: testRunKind("rollout"), connectionId }, async () => ({ status: "failed", error: "no" }));
    await settleRuns();
  });

  it("a run left active by a dead process blocks only until it is marked interrupted", async () => {
    const connectionId = await makeConnection("dead");
    const old = new Date(Date.now() - RUN_STALE_AFTER_MS - 5_000);
    const dead = await t.db.run.create({
      data: { kind: "verify", connectionId, status: "running", startedAt: old, instanceId: "gone-host:1:abc", heartbeatAt: old, exclusiveKey: `${connectionId}:verify` },
    });
    // A live other instance's run (fresh heartbeat) keeps its claim.
    const live = await makeConnection("live");
    await t.db.run.create({
      data: { kind: "verify", connectionId: live, status: "running", startedAt: new Date(), instanceId: "other-host:2:def", heartbeatAt: new Date(), exclusiveKey: `${live}:verify` },
    });
    await expect(startRun({ kind: testRunKind("verify"), connectionId: live }, async () => ({ status: "succeeded" }))).rejects.toMatchObject({ code: "CONFLICT" });

    // The stale one is interrupted on the spot (no need to wait for the sweeper) and the new run starts.
    const { runId } = await startRun({ kind: testRunKind("verify"), connectionId }, async () => ({ status: "succeeded" }));
    const swept = await t.db.run.findUniqueOrThrow({ where: { id: dead.id } });
    expect(swept.status).toBe("interrupted");
    expect(swept.exclusiveKey).toBeNull();
    await settleRuns();
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("succeeded");

    // The periodic sweep frees keys too.
    await t.db.run.update({ where: { id: dead.id }, data: { status: "running", finishedAt: null, exclusiveKey: `${connectionId}:verify` } });
    expect(await markInterruptedRuns()).toBeGreaterThanOrEqual(1);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: dead.id } })).exclusiveKey).toBeNull();
  });
});
