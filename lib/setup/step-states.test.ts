import { describe, expect, it } from "vitest";
import type { ConnectionView, TargetView } from "@/lib/connections/types";
import type { AccessModel } from "@/lib/model/types";
import type { RunEventView, RunStatus, RunView } from "@/lib/runs/types";
import { activeStep, collectorUserReady, computeStepStates } from "./step-states";

const HOME = "111111111111";

function target(accountId: string, setupStatus: TargetView["setupStatus"] = "pending", accessMethod: TargetView["accessMethod"] = "assume"): TargetView {
  return { accountId, name: null, accessMethod, adminRoleName: null, setupStatus, setupError: null, lastTestStatus: null, lastTestAt: null, lastTestReason: null, inventory: null };
}

function connection(over: Partial<ConnectionView> = {}): ConnectionView {
  return {
    id: "c1",
    name: "c",
    status: "draft",
    mode: "automated",
    model: {},
    accessModel: { homeAccountId: HOME, targetAccountIds: ["222222222222"] } as unknown as AccessModel,
    modelIssues: [],
    targets: [target("222222222222")],
    progress: { signIn: { mode: "automated", accountId: HOME, missing: [] } },
    accessKeyId: null,
    hasCollectorSecret: false,
    proxy: null,
    schedule: null,
    lastTestStatus: null,
    lastTestAt: null,
    lastTestRunId: null,
    savedAt: null,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    viewerRole: "admin",
    ...over,
  };
}

let seq = 0;
const event = (accountId: string, step: string, status: RunEventView["status"]): RunEventView => ({ seq: ++seq, at: "2026-01-01T00:00:00Z", accountId, step, status, message: "", outcome: null, arn: null, details: null });

function rolloutRun(status: RunStatus, events: RunEventView[], counts = { total: 2, completed: 0, failed: 0 }): RunView {
  return { id: "r1", kind: "rollout", connectionId: "c1", status, ...counts, result: null, error: null, createdAt: "2026-01-01T00:00:00Z", startedAt: null, finishedAt: null, events, lastSeq: seq };
}

const allDone = [
  ...["read-roles-policy", "collector-user"].map((s) => event(HOME, s, "done")),
  ...["reach-account", "inventory-policy", "role", "verify-role"].map((s) => event("222222222222", s, "done")),
];

describe("computeStepStates", () => {
  it("before any run: sign-in done, step 2 waiting for its policy name, the user waiting for the run", () => {
    const states = computeStepStates(connection(), { plan: null, rollout: null, verify: null });
    expect(states["sign-in"].state).toBe("done");
    // No policy name yet: step 2 waits for it (with one, it is done: see "step 2's status" below).
    expect(states["inventory-policy"]).toEqual({ state: "ready", note: "Name the inventory policy" });
    expect(states["collector-user"]).toEqual({ state: "waiting", note: "Created by the run in step 5" });
    expect(states.accounts).toEqual({ state: "ready", note: "Show the plan, then run" });
    expect(activeStep(states)).toBe("inventory-policy");
  });
  it("a finished rollout: the steps it did are done, step 5 is done, the user is ready for its key", () => {
    const states = computeStepStates(connection(), { plan: null, rollout: rolloutRun("succeeded", allDone), verify: null });
    expect(states["inventory-policy"].state).toBe("done");
    expect(states.role.state).toBe("done");
    expect(states.accounts).toEqual({ state: "done", note: "Every account set up" });
    expect(states["collector-user"]).toEqual({ state: "ready", note: "User ready: create its access key" });
  });
  it("a failed or interrupted rollout is failed and retryable; a running one says how far it got", () => {
    const failed = [...allDone.slice(0, 2), event("222222222222", "reach-account", "done"), event("222222222222", "inventory-policy", "failed")];
    expect(computeStepStates(connection(), { plan: null, rollout: rolloutRun("partial", failed, { total: 2, completed: 1, failed: 1 }), verify: null }).accounts).toEqual({ state: "failed", note: "1 account(s) failed: retry them" });
    expect(computeStepStates(connection(), { plan: null, rollout: rolloutRun("partial", failed), verify: null })["inventory-policy"].state).toBe("failed");
    const running = rolloutRun("running", [event("222222222222", "inventory-policy", "running")], { total: 2, completed: 1, failed: 0 });
    expect(computeStepStates(connection(), { plan: null, rollout: running, verify: null }).accounts).toEqual({ state: "running", note: "Running: 1 of 2 accounts finished" });
  });
  it("a step closed by an interruption is failed, not done", () => {
    const interrupted = [...allDone.slice(0, 2), event("222222222222", "reach-account", "done"), event("222222222222", "inventory-policy", "interrupted")];
    const states = computeStepStates(connection(), { plan: null, rollout: rolloutRun("interrupted", interrupted), verify: null });
    expect(states["inventory-policy"].state).toBe("failed");
    expect(states.accounts.state).toBe("failed");
  });
  it("accounts set up by hand keep step 5 open until their own Verify passed", () => {
    const states = computeStepStates(connection({ targets: [target("222222222222", "done"), target("333333333333", "pending", "manual")] }), { plan: null, rollout: rolloutRun("succeeded", allDone), verify: null });
    expect(states.accounts).toEqual({ state: "attention", note: "Portal accounts done; 1 set up by you waiting for Verify" });
    expect(states["inventory-policy"].note).toBe("Done in AWS; 1 account(s) set up by you: verify in step 5");
  });
});

describe("collectorUserReady", () => {
  it("only once the latest rollout's collector-user step is done", () => {
    expect(collectorUserReady(null)).toBe(false);
    expect(collectorUserReady(rolloutRun("succeeded", allDone))).toBe(true);
    expect(collectorUserReady(rolloutRun("running", [event(HOME, "collector-user", "running")]))).toBe(false);
    expect(collectorUserReady(rolloutRun("interrupted", [event(HOME, "collector-user", "interrupted")]))).toBe(false);
    expect(collectorUserReady(rolloutRun("failed", [event(HOME, "collector-user", "failed")]))).toBe(false);
  });
});

describe("step 2's status (automated; issue #15, confusion 1)", () => {
  const names = { inventoryPolicy: "ListInventoryForFNMS", readRolesPolicy: "ReadRolesForFNMS", role: "ListEC2ForFNMSRole", user: "FNMSUser" };
  const noRuns = { plan: null, rollout: null, verify: null };

  it("is to do until accounts are added", () => {
    expect(computeStepStates(connection({ model: { names }, targets: [] }), noRuns)["inventory-policy"].state).toBe("ready");
  });

  it("is done once the accounts and the policy name are there, and the wizard moves on", () => {
    const states = computeStepStates(connection({ model: { names }, targets: [target("222222222222"), target("333333333333")] }), noRuns);
    expect(states["inventory-policy"]).toEqual({ state: "done", note: "2 target account(s) chosen; the run in step 5 creates their policies" });
    expect(activeStep(states)).not.toBe("inventory-policy");
  });

  it("stays to do without a policy name", () => {
    const c = connection({ model: { names: { ...names, inventoryPolicy: "" } } });
    expect(computeStepStates(c, noRuns)["inventory-policy"]).toEqual({ state: "ready", note: "Name the inventory policy" });
  });
});
