import { describe, expect, it } from "vitest";
// Step 2 (inventory policy) in the automated wizard: done once accounts and the policy name are there (issue #15, confusion 1).
import type { ConnectionView, TargetView } from "@/lib/connections/types";
import { activeStep, computeStepStates } from "./step-states";

const target = (accountId: string): TargetView => ({ accountId, name: null, accessMethod: "assume", adminRoleName: null, setupStatus: "pending", setupError: null, lastTestStatus: null, lastTestAt: null, lastTestReason: null, inventory: null });

function draft(over: Partial<ConnectionView> = {}): ConnectionView {
  return {
    id: "c1",
    name: "AWS",
    status: "draft",
    mode: "automated",
    model: { names: { inventoryPolicy: "ListInventoryForFNMS", readRolesPolicy: "ReadRolesForFNMS", role: "ListEC2ForFNMSRole", user: "FNMSUser" } },
    accessModel: null,
    modelIssues: [],
    targets: [],
    progress: { signIn: { mode: "automated", accountId: "111111111111", principalArn: "arn:aws:iam::111111111111:user/a", checkedAt: "x", missing: [] } },
    accessKeyId: null,
    hasCollectorSecret: false,
    proxy: null,
    schedule: null,
    lastTestStatus: null,
    lastTestAt: null,
    lastTestRunId: null,
    savedAt: null,
    createdAt: "x",
    updatedAt: "x",
    viewerRole: "admin",
    ...over,
  } as ConnectionView;
}
const noRuns = { plan: null, rollout: null, verify: null };

describe("step 2's status (automated)", () => {
  it("is to do until accounts are added", () => {
    expect(computeStepStates(draft(), noRuns)["inventory-policy"].state).toBe("ready");
  });

  it("is done once the accounts and the policy name are there, and the wizard moves on", () => {
    const states = computeStepStates(draft({ targets: [target("222222222222"), target("333333333333")] }), noRuns);
    expect(states["inventory-policy"]).toEqual({ state: "done", note: "2 target account(s) chosen; the run in step 5 creates their policies" });
    expect(activeStep(states)).not.toBe("inventory-policy");
  });

  it("stays to do without a policy name", () => {
    const c = draft({ targets: [target("222222222222")], model: { names: { inventoryPolicy: "", readRolesPolicy: "r", role: "r", user: "u" } } });
    expect(computeStepStates(c, noRuns)["inventory-policy"].state).toBe("ready");
  });
});
