import { describe, expect, it } from "vitest";
import type { JsonValue, RunStatus } from "@/lib/runs/types";
import { rolloutState } from "./rollout-state";

const planResult = (fingerprint: string) => ({ fingerprint, plan: { homeAccountId: "111111111111", accounts: [], totalChanges: 0, upToDate: true } });
const run = (id: string, status: RunStatus, at: string, result: JsonValue = null) => ({ id, status, result, createdAt: at, finishedAt: status === "running" || status === "queued" ? null : at });

describe("rolloutState", () => {
  it("a finished plan for these settings is ready; for other settings it is stale", () => {
    expect(rolloutState({ plan: run("p", "succeeded", "2026-01-01T10:00:00Z", planResult("f1")), rollout: null, fingerprint: "f1" })).toMatchObject({ planReady: true, stale: false });
    expect(rolloutState({ plan: run("p", "succeeded", "2026-01-01T10:00:00Z", planResult("f0")), rollout: null, fingerprint: "f1" })).toMatchObject({ planReady: false, stale: true });
    expect(rolloutState({ plan: run("p", "running", "2026-01-01T10:00:00Z", planResult("f1")), rollout: null, fingerprint: "f1" })).toMatchObject({ planReady: false, planActive: true });
  });
  it("a successful rollout after the plan supersedes it; a failed, partial or interrupted one is retried by id", () => {
    const plan = run("p", "succeeded", "2026-01-01T10:00:00Z", planResult("f1"));
    expect(rolloutState({ plan, rollout: run("r", "succeeded", "2026-01-01T10:05:00Z"), fingerprint: "f1" })).toMatchObject({ planSuperseded: true, retryOf: null });
    for (const status of ["failed", "partial", "interrupted"] as const) expect(rolloutState({ plan, rollout: run("r", status, "2026-01-01T10:05:00Z"), fingerprint: "f1" }).retryOf).toBe("r");
    expect(rolloutState({ plan, rollout: run("r", "running", "2026-01-01T10:05:00Z"), fingerprint: "f1" })).toMatchObject({ rolloutActive: true, retryOf: null });
  });
});
