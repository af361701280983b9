import { describe, expect, it } from "vitest";
import type { TargetState } from "./rollout-accounts";
import { rolloutStepDetails, rolloutView, runAccountStatuses, type LatestSteps } from "./rollout-view";

const HOME = "111111111111";

function latest(entries: Record<string, Record<string, string>>): LatestSteps {
  return new Map(Object.entries(entries).map(([account, steps]) => [account, new Map(Object.entries(steps).map(([step, status]) => [step, { status }]))]));
}

const target = (accountId: string, setupStatus: TargetState["setupStatus"], accessMethod: TargetState["accessMethod"] = "assume"): TargetState => ({ accountId, accessMethod, setupStatus, setupError: null });

const counts = { portal: { total: 2, done: 1, failed: 1, running: 0, pending: 0, fromEarlierRun: 0 }, byHand: { total: 0, verified: 0, failed: 0, waiting: 0 } };
const stored = (accounts: { accountId: string; kind: "home" | "target"; status: "done" | "failed"; changed: boolean }[], summary = "2 accounts: 1 changed, 0 unchanged, 1 failed.") => ({
  fingerprint: "f",
  summary,
  changed: true,
  nothingChanged: false,
  failedAccounts: [],
  retryOf: null,
  only: null,
  counts,
  accounts: accounts.map((a) => ({ ...a, source: "run", error: null })),
});

describe("runAccountStatuses", () => {
  it("the home account by its home steps, each target by its target steps; events without an account are no account", () => {
    const steps = latest({
      "": { plan: "done" },
      [HOME]: { "read-roles-policy": "done", "collector-user": "running" },
      "222222222222": { "reach-account": "done", "inventory-policy": "failed", role: "skipped", "verify-role": "skipped" },
      "333333333333": { "reach-account": "done", "inventory-policy": "done", role: "done", "verify-role": "done" },
    });
    const { home, inRun } = runAccountStatuses(steps, HOME, true);
    expect(home).toBe("running");
    expect([...inRun]).toEqual([
      ["222222222222", "failed"],
      ["333333333333", "done"],
    ]);
    // Once the run has ended, a step still open means the account did not finish.
    expect(runAccountStatuses(steps, HOME, false).home).toBe("failed");
  });
});

describe("rolloutView", () => {
  const steps = latest({
    [HOME]: { "read-roles-policy": "done", "collector-user": "done" },
    "222222222222": { "reach-account": "done", "inventory-policy": "done", role: "failed", "verify-role": "skipped" },
  });
  it("shows no summary while the run is going, and the run's own summary when the run describes every account", () => {
    const result = stored([{ accountId: HOME, kind: "home", status: "done", changed: true }, { accountId: "222222222222", kind: "target", status: "failed", changed: true }]);
    expect(rolloutView({ latest: steps, homeAccountId: HOME, targets: [target("222222222222", "failed")], active: true, result })).toMatchObject({ summary: null, needsMerge: false, hasResult: true });
    expect(rolloutView({ latest: steps, homeAccountId: HOME, targets: [target("222222222222", "failed")], active: false, result })).toMatchObject({ summary: result.summary, needsMerge: false });
  });
  it("merges the accounts a retry left out; an account that changed and then failed is not counted as changed", () => {
    const result = stored([{ accountId: HOME, kind: "home", status: "done", changed: true }, { accountId: "222222222222", kind: "target", status: "failed", changed: true }]);
    const view = rolloutView({ latest: steps, homeAccountId: HOME, targets: [target("222222222222", "failed"), target("333333333333", "done")], active: false, result });
    expect(view.needsMerge).toBe(true);
    expect(view.outside.map((a) => a.accountId)).toEqual(["333333333333"]);
    expect(view.runTargets).toBe(1);
    expect(view.summary).toBe("3 accounts: 1 changed, 0 unchanged, 1 done in the previous run, 1 failed.");
  });
  it("without a stored result (an interrupted run) there is no summary", () => {
    expect(rolloutView({ latest: steps, homeAccountId: HOME, targets: [target("222222222222", "failed")], active: false, result: null })).toMatchObject({ summary: null, hasResult: false, nothingChanged: false });
  });
});

describe("rolloutStepDetails", () => {
  it("reads a failure's cause and fix and what was found; anything else reads as nothing", () => {
    expect(rolloutStepDetails({ code: "AWS_ACCESS_DENIED", awsCode: "AccessDenied", action: null, cause: "c", fix: "f" })).toEqual({ cause: "c", fix: "f", found: undefined });
    expect(rolloutStepDetails({ found: ["inline policy x", 3] })).toEqual({ cause: undefined, fix: undefined, found: ["inline policy x"] });
    expect(rolloutStepDetails({ cause: 7 })).toEqual({ cause: undefined, fix: undefined, found: undefined });
    expect(rolloutStepDetails(null)).toEqual({});
    expect(rolloutStepDetails(["c"])).toEqual({});
  });
});
