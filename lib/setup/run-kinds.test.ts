import { describe, expect, it } from "vitest";
import { planRunResult, verifyRunResult } from "./run-kinds";

const plan = {
  fingerprint: "f1",
  plan: {
    homeAccountId: "111111111111",
    totalChanges: 1,
    upToDate: false,
    accounts: [
      { accountId: "111111111111", kind: "home", changes: [{ kind: "create-policy", action: "iam:CreatePolicy", arn: "arn:aws:iam::111111111111:policy/ReadRolesForFNMS", description: "create" }], planNotes: [{ kind: "user-in-group", userName: "FNMSUser", groupName: "ops" }], notes: ["FNMSUser is in group ops"], readCalls: 3, verifiesRole: false },
      { accountId: "222222222222", kind: "target", changes: [], planNotes: [], notes: [], readCalls: 1, verifiesRole: false, error: { message: "m", code: "AWS_ACCESS_DENIED", awsCode: "AccessDenied", action: "sts:AssumeRole", cause: "c", fix: "f" } },
      { accountId: "333333333333", kind: "target", changes: [], planNotes: [{ kind: "manual-account" }], notes: ["set up by hand"], readCalls: 0, verifiesRole: false, manual: true },
    ],
  },
};

describe("run results of the guided setup", () => {
  it("reads a stored plan as it was written (JSON round trip)", () => {
    expect(planRunResult(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
  });
  it("reads a verify result, and nothing from what is not one", () => {
    const verify = { fingerprint: "f1", passed: false, findings: [{ rule: "role-missing", severity: "error", step: 4, accountId: "222222222222", message: "m", fix: "f" }] };
    expect(verifyRunResult(verify)).toEqual(verify);
    expect(verifyRunResult(null)).toBeNull();
    expect(planRunResult({ fingerprint: "f1" })).toBeNull();
    expect(planRunResult([plan])).toBeNull();
  });
});
