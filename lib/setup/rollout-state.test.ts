import { describe, expect, it } from "vitest";
import type { JsonValue, RunStatus } from "@/lib/runs/types";
import { planCoversByHand, rolloutState } from "./rollout-state";

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

describe("planCoversByHand", () => {
  const planned = (manual: string[]) => ({ accounts: [{ accountId: "111111111111", kind: "home" as const }, ...["222222222222", "333333333333"].map((accountId) => ({ accountId, kind: "target" as const, manual: manual.includes(accountId) }))] });
  const target = (accountId: string, accessMethod: "assume" | "manual") => ({ accountId, accessMethod });
  it("holds while the accounts set up by hand are those the plan was made for, in any order", () => {
    expect(planCoversByHand(planned(["333333333333"]), [target("333333333333", "manual"), target("222222222222", "assume")])).toBe(true);
    expect(planCoversByHand(planned([]), [target("222222222222", "assume"), target("333333333333", "assume")])).toBe(true);
  });
  it("fails once an account moved between the portal and by hand since the plan", () => {
    expect(planCoversByHand(planned(["333333333333"]), [target("222222222222", "assume"), target("333333333333", "assume")])).toBe(false);
    expect(planCoversByHand(planned([]), [target("222222222222", "manual"), target("333333333333", "assume")])).toBe(false);
  });
});
