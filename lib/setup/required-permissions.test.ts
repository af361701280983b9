import { describe, expect, it } from "vitest";
import { groupMissing, permissionsBlock, policyForMissing, principalDescription, refuseWhileMissingPermissions, requiredPermissions, simulationSourceArn } from "./required-permissions";

const missing = [
  { action: "iam:CreatePolicy", resource: "arn:aws:iam::111111111111:policy/ReadRolesForFNMS", neededFor: "Step 3" },
  { action: "iam:CreatePolicyVersion", resource: "arn:aws:iam::111111111111:policy/ReadRolesForFNMS", neededFor: "Step 3" },
  { action: "iam:CreateUser", resource: "arn:aws:iam::111111111111:user/FNMSUser", neededFor: "Step 6" },
  { action: "sts:AssumeRole", resource: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole", neededFor: "Steps 2, 4 and 5" },
];

describe("requiredPermissions", () => {
  it("checks the home policy and user by their configured names, and each target's admin role", () => {
    const groups = requiredPermissions({ homeAccountId: "111111111111", draft: { names: { readRolesPolicy: "MyRead", user: "collector" }, rolePath: "/fnms/" }, adminRoleArns: ["arn:aws:iam::222222222222:role/Admin"] });
    expect(groups.map((g) => g.resource)).toEqual(["arn:aws:iam::111111111111:policy/fnms/MyRead", "arn:aws:iam::111111111111:user/collector", "arn:aws:iam::222222222222:role/Admin"]);
    expect(groups[0]!.actions).toContain("iam:CreatePolicyVersion");
    expect(groups[1]!.actions).toContain("iam:CreateAccessKey");
    expect(groups[2]!.actions).toEqual(["sts:AssumeRole"]);
  });
});

describe("simulationSourceArn", () => {
  it("simulates users and roles as they are, an assumed-role session as its role, and skips root", () => {
    expect(simulationSourceArn("arn:aws:iam::111111111111:user/alice")).toEqual({ kind: "principal", arn: "arn:aws:iam::111111111111:user/alice" });
    expect(simulationSourceArn("arn:aws:sts::111111111111:assumed-role/Admin/alice@example.com")).toEqual({ kind: "principal", arn: "arn:aws:iam::111111111111:role/Admin", roleName: "Admin" });
    expect(simulationSourceArn("arn:aws:iam::111111111111:root")).toEqual({ kind: "root" });
    expect(simulationSourceArn("arn:aws:sts::111111111111:federated-user/bob")).toEqual({ kind: "unsupported" });
  });
});

describe("the fix for missing permissions", () => {
  it("groups the missing actions per step; resources lacking the same actions share a group", () => {
    const twoRoles = [...missing, { action: "sts:AssumeRole", resource: "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole", neededFor: "Steps 2, 4 and 5" }];
    expect(groupMissing(twoRoles)).toEqual([
      { neededFor: "Step 3", actions: ["iam:CreatePolicy", "iam:CreatePolicyVersion"], resources: ["arn:aws:iam::111111111111:policy/ReadRolesForFNMS"] },
      { neededFor: "Step 6", actions: ["iam:CreateUser"], resources: ["arn:aws:iam::111111111111:user/FNMSUser"] },
      { neededFor: "Steps 2, 4 and 5", actions: ["sts:AssumeRole"], resources: ["arn:aws:iam::222222222222:role/OrganizationAccountAccessRole", "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole"] },
    ]);
  });

  it("is a policy granting exactly the missing actions on exactly their resources", () => {
    const policy = policyForMissing(missing);
    expect(policy.Statement).toEqual([
      { Sid: "BeaconportSetup1", Effect: "Allow", Action: ["iam:CreatePolicy", "iam:CreatePolicyVersion"], Resource: "arn:aws:iam::111111111111:policy/ReadRolesForFNMS" },
      { Sid: "BeaconportSetup2", Effect: "Allow", Action: "iam:CreateUser", Resource: "arn:aws:iam::111111111111:user/FNMSUser" },
      { Sid: "BeaconportSetup3", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole" },
    ]);
  });

  it("names the principal to attach it to", () => {
    expect(principalDescription("arn:aws:iam::111111111111:user/ops/alice")).toBe("the IAM user alice");
    expect(principalDescription("arn:aws:sts::111111111111:assumed-role/Admin/alice")).toBe("the IAM role Admin");
    expect(principalDescription("arn:aws:iam::111111111111:role/Deploy")).toBe("the IAM role Deploy");
  });
});

describe("permissionsBlock", () => {
  it("blocks planning and running while step 1 knows of missing permissions, naming account and actions", () => {
    const reason = permissionsBlock({ mode: "automated", accountId: "111111111111", missing });
    expect(reason).toContain("111111111111");
    expect(reason).toContain("iam:CreatePolicy, iam:CreatePolicyVersion, iam:CreateUser, sts:AssumeRole");
    expect(reason).toContain("Check again");
  });

  it("does not block when nothing is missing, the check could not be made, or the mode is manual", () => {
    expect(permissionsBlock({ mode: "automated", accountId: "111111111111", missing: [] })).toBeNull();
    expect(permissionsBlock({ mode: "automated", accountId: "111111111111" })).toBeNull();
    expect(permissionsBlock({ mode: "manual", accountId: "111111111111", missing })).toBeNull();
    expect(permissionsBlock(undefined)).toBeNull();
  });

  it("shortens a long list of actions", () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ action: `iam:Action${i}`, resource: "r", neededFor: "n" }));
    expect(permissionsBlock({ mode: "automated", accountId: "111111111111", missing: many })).toContain("and 3 more");
  });
});

describe("refuseWhileMissingPermissions", () => {
  it("refuses with the number of missing permissions, and lets a checked identity through", () => {
    expect(() => refuseWhileMissingPermissions({ mode: "automated", accountId: "111111111111", missing })).toThrow("lack 4 permission(s)");
    expect(() => refuseWhileMissingPermissions({ mode: "automated", accountId: "111111111111", missing: [] })).not.toThrow();
  });
});
