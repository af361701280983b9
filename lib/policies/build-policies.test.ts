import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { parseAccessModel } from "@/lib/model";
import type { AccessModel } from "@/lib/model/types";
import { expectGolden } from "@/lib/artefacts/expect-golden";
import {
  MANAGED_POLICY_MAX,
  buildInventoryPolicy,
  buildReadRolesPolicies,
  buildTrustPolicy,
  managedPolicySize,
  policyArn,
  readRolesSplitSummary,
  roleArn,
} from "./index";

const GOLDEN = join(import.meta.dirname, "__golden__");
const golden = (name: string, value: unknown) => expectGolden(join(GOLDEN, name), `${JSON.stringify(value, null, 2)}\n`);

const base = { homeAccountId: "111122223333", targetAccountIds: ["111122223333", "444455556666"] };

function accounts(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(100000000000 + i * 7919));
}

describe("policy documents (golden files reviewed by hand)", () => {
  const m = parseAccessModel({ ...base, externalId: "Ext-Id_123" });

  it("inventory policy: EC2/IAM list actions on *, DescribeDBInstances on the account's DB ARNs", () => {
    golden("inventory-policy.json", buildInventoryPolicy(m, "444455556666"));
  });
  it("inventory policy with RDS patterns", () => {
    const p = parseAccessModel({ ...base, rdsScope: { kind: "patterns", patterns: [{ region: "eu-west-1", instanceName: "orcl-*" }, { region: "*", instanceName: "erp" }] } });
    golden("inventory-policy-rds-patterns.json", buildInventoryPolicy(p, "444455556666"));
  });
  it("read-roles policy: IAM reads and sts:AssumeRole on the exact role ARNs", () => {
    const all = buildReadRolesPolicies(m);
    expect(all).toHaveLength(1);
    expect(all[0]?.name).toBe("ReadRolesForFNMS");
    golden("read-roles-policy.json", all[0]?.document);
  });
  it("trust policy with and without an external ID", () => {
    golden("trust-policy-external-id.json", buildTrustPolicy(m));
    golden("trust-policy.json", buildTrustPolicy(parseAccessModel(base)));
  });
  it("role path and names flow into ARNs", () => {
    const p = parseAccessModel({ ...base, rolePath: "/fnms/", names: { role: "FlexeraRole" } });
    expect(roleArn(p, "444455556666")).toBe("arn:aws:iam::444455556666:role/fnms/FlexeraRole");
    expect(policyArn("444455556666", "/fnms/", "ListInventoryForFNMS")).toBe("arn:aws:iam::444455556666:policy/fnms/ListInventoryForFNMS");
    expect(buildReadRolesPolicies(p)[0]?.roleArns).toEqual(["arn:aws:iam::111122223333:role/fnms/FlexeraRole", "arn:aws:iam::444455556666:role/fnms/FlexeraRole"]);
  });
  it("never writes a wildcard into sts:AssumeRole", () => {
    const big = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: accounts(300) });
    for (const p of buildReadRolesPolicies(big)) {
      const assume = p.document.Statement.find((s) => s.Action === "sts:AssumeRole");
      for (const r of assume?.Resource as string[]) expect(r).toMatch(/^arn:aws:iam::\d{12}:role\/ListEC2ForFNMSRole$/);
    }
  });
  it("is deterministic whatever the input order", () => {
    const a = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["444455556666", "111122223333", "222233334444"] });
    const b = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["222233334444", "444455556666", "111122223333"] });
    expect(JSON.stringify(buildReadRolesPolicies(a))).toBe(JSON.stringify(buildReadRolesPolicies(b)));
  });
});

describe("managedPolicySize", () => {
  it("counts characters without whitespace, as IAM does", () => {
    const doc = { Version: "2012-10-17" as const, Statement: [{ Effect: "Allow" as const, Action: "s3:GetObject", Resource: "*" }] };
    const compact = JSON.stringify(doc);
    expect(managedPolicySize(doc)).toBe(compact.length);
    expect(managedPolicySize(JSON.stringify(doc, null, 4))).toBe(compact.length);
  });
});

describe("splitting the read-roles policy at 6,144 characters", () => {
  function check(model: AccessModel) {
    const policies = buildReadRolesPolicies(model);
    const listed = policies.flatMap((p) => p.roleArns);
    // Every target's exact ARN exactly once, in account order.
    expect(listed).toEqual(model.targetAccountIds.map((id) => roleArn(model, id)));
    policies.forEach((p, i) => {
      expect(p.name).toBe(i === 0 ? "ReadRolesForFNMS" : `ReadRolesForFNMS-${i + 1}`);
      expect(managedPolicySize(p.document)).toBeLessThanOrEqual(MANAGED_POLICY_MAX);
      // The IAM read statement only in the first.
      expect(p.document.Statement.some((s) => Array.isArray(s.Action) && s.Action.includes("iam:GetUser"))).toBe(i === 0);
      const resources = p.document.Statement.find((s) => s.Action === "sts:AssumeRole")?.Resource;
      expect(resources).toEqual(p.roleArns);
      // Filled as far as it goes: the next ARN would not have fitted.
      if (i < policies.length - 1) {
        const next = policies[i + 1]?.roleArns[0] as string;
        expect(managedPolicySize(p.document) + JSON.stringify(next).length + 1).toBeGreaterThan(MANAGED_POLICY_MAX);
      }
    });
    return policies;
  }

  it("1 account: one policy", () => {
    expect(check(parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["111122223333"] }))).toHaveLength(1);
  });
  it("110 accounts: still one policy at the default names", () => {
    const m = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: accounts(110) });
    const p = check(m);
    expect(p).toHaveLength(1);
    expect(managedPolicySize(p[0]!.document)).toBeGreaterThan(MANAGED_POLICY_MAX * 0.9);
    expect(readRolesSplitSummary(m).message).toBeNull();
  });
  it("110 accounts with a long role name: split in two", () => {
    const m = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: accounts(110), names: { role: "FlexNetManagerSuiteInventoryCollectionRole" } });
    expect(check(m)).toHaveLength(2);
    const summary = readRolesSplitSummary(m);
    expect(summary).toMatchObject({ policyCount: 2, severity: "info", names: ["ReadRolesForFNMS", "ReadRolesForFNMS-2"] });
    expect(summary.message).toMatch(/do not fit in one managed policy.*split over 2 policies: ReadRolesForFNMS to ReadRolesForFNMS-2/);
  });
  it("1,000 accounts: 9 policies, within the default quota of 10 per user", () => {
    const m = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: accounts(1000) });
    expect(check(m)).toHaveLength(9);
    expect(readRolesSplitSummary(m).severity).toBe("info");
  });
  it("2,000 accounts: 18 policies, which needs a quota increase (warning)", () => {
    const m = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: accounts(2000) });
    const p = check(m);
    expect(p).toHaveLength(18);
    expect(p[17]?.name).toBe("ReadRolesForFNMS-18");
    const summary = readRolesSplitSummary(m);
    expect(summary.severity).toBe("warning");
    expect(summary.message).toMatch(/default quota of 10 managed policies per user/);
  });
  it("more than 20 policies cannot be attached to one user (error)", () => {
    const m = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: accounts(2600) });
    expect(check(m).length).toBeGreaterThan(20);
    expect(readRolesSplitSummary(m).severity).toBe("error");
  });
  it("2,000 accounts build in well under 50 ms (no quadratic re-serialization)", () => {
    const m = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: accounts(2000) });
    buildReadRolesPolicies(m); // warm-up (JIT)
    const runs = 5;
    const start = performance.now();
    for (let i = 0; i < runs; i++) buildReadRolesPolicies(m);
    expect((performance.now() - start) / runs).toBeLessThan(50);
  });
});
