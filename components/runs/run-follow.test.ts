import { describe, expect, it } from "vitest";
import type { RunEventView, RunStatus, RunView } from "@/lib/runs/types";
import { followFrom, mergeRunView } from "./run-follow";

function event(seq: number, message: string): RunEventView {
  return { seq, at: "2026-11-27T00:00:00.000Z", accountId: null, step: "schedule", status: "running", message, outcome: null, arn: null, details: null };
}

function view(id: string, status: RunStatus, events: RunEventView[], lastSeq = events.at(-1)?.seq ?? 0): RunView {
  return { id, kind: "schedule-run", connectionId: null, status, total: 2, completed: 0, failed: 0, result: null, error: null, createdAt: "2026-11-27T00:00:00.000Z", startedAt: null, finishedAt: null, events, lastSeq };
}

describe("following one run after another", () => {
  it("starts the second run from its first event, not from the first run's position", () => {
    let state = followFrom("run-a");
    state = mergeRunView(state, "run-a", view("run-a", "running", [event(1, "a1"), event(2, "a2"), event(3, "a3")]));
    state = mergeRunView(state, "run-a", view("run-a", "succeeded", [event(4, "a4")]));
    expect(state.lastSeq).toBe(4);

    // The next poll's `after` is the state's lastSeq: it must be 0 for a run not seen yet.
    const switched = mergeRunView(state, "run-b", null);
    expect(switched).toMatchObject({ runId: "run-b", run: null, events: [], lastSeq: 0 });
    const b = mergeRunView(switched, "run-b", view("run-b", "running", [event(1, "b1"), event(2, "b2")]));
    expect(b.events.map((e) => e.message)).toEqual(["b1", "b2"]);
    expect(b.run?.id).toBe("run-b");
  });

  it("drops a late answer about the previous run", () => {
    const b = mergeRunView(followFrom("run-b"), "run-b", view("run-b", "running", [event(1, "b1")]));
    const late = mergeRunView(b, "run-b", view("run-a", "succeeded", [event(5, "a5")]));
    expect(late).toEqual(b);
  });

  it("adds a newer server render's events once, and an older one never rolls the status back", () => {
    const initial = view("run-a", "running", [event(1, "a1")]);
    let state = followFrom("run-a", initial);
    state = mergeRunView(state, "run-a", view("run-a", "running", [event(2, "a2"), event(3, "a3")]));
    state = mergeRunView(state, "run-a", view("run-a", "succeeded", [], 3));
    expect(state.run?.status).toBe("succeeded");
    // A server render from before the last poll: same events again, still "running".
    const older = mergeRunView(state, "run-a", view("run-a", "running", [event(1, "a1"), event(2, "a2")]));
    expect(older.run?.status).toBe("succeeded");
    expect(older.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(older.lastSeq).toBe(3);
  });

  it("seeds from the server's render only when it is the run being followed", () => {
    expect(followFrom("run-b", view("run-a", "succeeded", [event(1, "a1")]))).toMatchObject({ runId: "run-b", run: null, lastSeq: 0 });
    expect(followFrom("run-a", view("run-a", "succeeded", [event(1, "a1")]))).toMatchObject({ runId: "run-a", lastSeq: 1 });
  });
});
