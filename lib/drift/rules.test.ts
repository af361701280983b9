import { describe, expect, it } from "vitest";
import { LINT_RULE_BY_ID, idealObservedState } from "@/lib/lint";
import { parseAccessModel } from "@/lib/model";
import { agreesWithRule } from "@/lib/model/rule-registry";
import type { Finding, ObservedTarget } from "@/lib/model/types";
import { buildTrustPolicy } from "@/lib/policies";
import { detectDrift, type DriftTestResult } from "./detect-drift";
import { pinpointDrift } from "./pinpoint-findings";
import { DRIFT_RULES, DRIFT_RULE_BY_ID, HOME_LINT_RULES, TARGET_LINT_RULES, driftFinding, repairedByRollout } from "./rules";

const HOME = "111111111111";
const [T1, T2, T3, T4] = ["222222222222", "333333333333", "444444444444", "555555555555"];
const model = parseAccessModel({ homeAccountId: HOME, targetAccountIds: [T1, T2, T3, T4], externalId: "beaconport-rules-external-id-0001", regions: ["us-east-1"] });
const KEY = "AKIARULESTEST0000001";
const noExternalId = parseAccessModel({ homeAccountId: HOME, targetAccountIds: [T1], regions: ["us-east-1"] });

const failed = (check: string, procedureStep?: number) => ({ check, status: "failed" as const, code: "AccessDenied", procedureStep });
const account = (accountId: string, checks: DriftTestResult["accounts"][number]["checks"]) => ({ accountId, roleArn: `arn:aws:iam::${accountId}:role/R`, status: "failed" as const, checks });

/** Scenarios that, together, make the scheduled run and pinpoint report every drift rule. */
function everyFinding(): Finding[] {
  const ideal = idealObservedState(model);
  const home = structuredClone(ideal.home);
  home.user!.inlinePolicies.push({ name: "added", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] } });
  home.policies[0]!.document.Statement[0]!.Action = "iam:*";
  const collector = { home, inlinePoliciesKnown: true, targets: { [T2]: { extraActions: ["s3:ListBuckets"], assumedWithoutExternalId: true } } };
  const scheduled = [
    detectDrift({
      model,
      accessKeyId: KEY,
      test: { checks: [{ ...failed("iam:GetUser"), code: "InvalidClientTokenId" }], accounts: [account(T1, [failed("sts:AssumeRole")]), account(T2, [failed("ec2:DescribeInstances", 2)])], missingAccounts: [] },
      collector,
    }),
    detectDrift({ model, accessKeyId: KEY, test: { checks: [failed("iam:GetUser", 6)], accounts: [], missingAccounts: [] }, collector: { home: null, inlinePoliciesKnown: false, targets: {} } }),
  ];

  const target = (id: string): ObservedTarget => structuredClone(ideal.targets.find((t) => t.accountId === id)!);
  const changedTrust = target(T2);
  changedTrust.role!.trustPolicy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" }] };
  const changedId = target(T3);
  changedId.role!.trustPolicy = buildTrustPolicy({ ...model, externalId: "someone-else-changed-it-0002" });
  changedId.role!.attachedPolicies.push({ name: "Extra", arn: `arn:aws:iam::${T3}:policy/Extra` });
  const widened = target(T4);
  widened.policies[0]!.document.Statement[0]!.Action = "ec2:*";
  const pinpointHome = structuredClone(home);
  pinpointHome.user!.accessKeys = [{ accessKeyId: KEY, status: "Inactive" }];
  const at = new Date("2026-12-03T10:00:00Z");
  const pinpoints = [
    pinpointDrift({ model, accessKeyId: KEY, home: pinpointHome, targets: [{ accountId: T1, role: null, policies: [] }, changedTrust, changedId, widened], previous: { home: [], accounts: {} }, at }),
    pinpointDrift({ model, accessKeyId: "AKIADELETED000000001", home: structuredClone(ideal.home), targets: [], previous: { home: [], accounts: {} }, at }),
    pinpointDrift({ model: noExternalId, accessKeyId: KEY, home: structuredClone(idealObservedState(noExternalId).home), targets: [changedId.role ? { ...changedId, accountId: T1, role: { ...changedId.role, arn: `arn:aws:iam::${T1}:role/${changedId.role.name}` } } : changedId], previous: { home: [], accounts: {} }, at }),
  ];
  return [...scheduled, ...pinpoints].flatMap((r) => [...r.home, ...Object.values(r.accounts).flat()]);
}

describe("drift rules registry", () => {
  const findings = everyFinding();

  it("every rule the scheduled run and pinpoint report is in the drift registry, or a lint rule they pass through", () => {
    const unknown = findings.filter((f) => !DRIFT_RULE_BY_ID.has(f.rule) && !((HOME_LINT_RULES.has(f.rule) || TARGET_LINT_RULES.has(f.rule)) && LINT_RULE_BY_ID.has(f.rule)));
    expect(unknown.map((f) => f.rule)).toEqual([]);
    for (const id of [...HOME_LINT_RULES, ...TARGET_LINT_RULES]) expect(LINT_RULE_BY_ID.has(id), id).toBe(true);
  });

  it("the scenarios report every drift rule (so the registry lists nothing dead)", () => {
    expect([...new Set(findings.map((f) => f.rule).filter((r) => DRIFT_RULE_BY_ID.has(r)))].sort()).toEqual(DRIFT_RULES.map((r) => r.id).sort());
  });

  it("a finding takes severity and step from its rule, unless the rule declares the difference with its reason", () => {
    const disagreeing = findings.filter((f) => !agreesWithRule(DRIFT_RULE_BY_ID.has(f.rule) ? DRIFT_RULE_BY_ID : LINT_RULE_BY_ID, f)).map((f) => `${f.severity}:${f.step}:${f.rule}`);
    expect(disagreeing).toEqual([]);
    for (const r of DRIFT_RULES) {
      expect(r.cause.length, r.id).toBeGreaterThan(20);
      expect(r.fix.length, r.id).toBeGreaterThan(20);
      if ("overrides" in r && r.overrides) expect(r.overrides.why.length, r.id).toBeGreaterThan(20);
    }
  });

  it("declared overrides compile; undeclared ones do not", () => {
    expect(driftFinding("inventory-policy-changed", { message: "m", fix: "f" }, { severity: "warning" }).severity).toBe("warning");
    expect(driftFinding("inventory-access-lost", { message: "m", fix: "f" }, { step: 7 }).step).toBe(7);
    // @ts-expect-error role-unreachable declares no other severity
    expect(driftFinding("role-unreachable", { message: "m", fix: "f" }, { severity: "warning" }).severity).toBe("warning");
    expect(driftFinding("role-unreachable", { accountId: T1, message: "m", fix: "f" })).toEqual({ rule: "role-unreachable", severity: "error", step: 4, accountId: T1, message: "m", fix: "f" });
  });

  it("Repair leaves what the rollout does not put right: added policies, the access key, an unreadable collector", () => {
    expect(DRIFT_RULES.filter((r) => !r.repairedByRollout).map((r) => r.id).sort()).toEqual(["access-key-deleted", "access-key-inactive", "collector-unreadable", "role-policy-added", "user-inline-policy"]);
    expect(repairedByRollout("role-unreachable")).toBe(true);
    expect(repairedByRollout("policy-outdated")).toBe(true);
  });
});
