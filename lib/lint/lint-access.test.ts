import { describe, expect, it } from "vitest";
import { parseAccessModel } from "@/lib/model";
import type { AccessModel, Finding, ObservedState, PolicyDocument } from "@/lib/model/types";
import { buildReadRolesPolicies, policyArn, roleArn } from "@/lib/policies";
import { LINT_RULES, LINT_RULE_BY_ID, idealObservedState, lintAccess } from "./index";
import { agreesWithRule } from "@/lib/model/rule-registry";
import { findingCollector } from "./support";

const HOME = "111122223333";
const T1 = "222233334444";
const T2 = "444455556666";
const model = parseAccessModel({ homeAccountId: HOME, targetAccountIds: [HOME, T1, T2], externalId: "ext-One_1" });

const target = (s: ObservedState, id: string) => s.targets.find((t) => t.accountId === id)!;
const role = (s: ObservedState, id: string) => target(s, id).role!;
const inventoryDoc = (s: ObservedState, id: string) => target(s, id).policies[0]!.document;
const readRoles = (s: ObservedState) => s.home.policies[0]!;
const user = (s: ObservedState) => s.home.user!;
const assumeStatement = (d: PolicyDocument) => d.Statement.find((st) => st.Action === "sts:AssumeRole")!;
const readStatement = (d: PolicyDocument) => d.Statement.find((st) => Array.isArray(st.Action) && st.Action.includes("iam:GetUser"))!;

function lint(mutate: (s: ObservedState) => void, m: AccessModel = model): Finding[] {
  const s = idealObservedState(m);
  mutate(s);
  return lintAccess(m, s);
}
const rulesOf = (fs: Finding[]) => [...new Set(fs.map((f) => f.rule))].sort();
const only = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);

/** Each case breaks one thing; `expect` is the rule it must trigger (and the severity). */
const triggers: { rule: string; severity: Finding["severity"]; name: string; model?: AccessModel; mutate: (s: ObservedState) => void; account?: string }[] = [
  {
    rule: "inventory-policy-missing",
    severity: "error",
    name: "role without any policy and no inventory policy",
    account: T1,
    mutate: (s) => {
      role(s, T1).attachedPolicies = [];
      target(s, T1).policies = [];
    },
  },
  {
    rule: "inventory-actions-missing",
    severity: "error",
    name: "ec2:DescribeHosts removed",
    account: T1,
    mutate: (s) => {
      inventoryDoc(s, T1).Statement[0]!.Action = ["ec2:DescribeInstances", "ec2:DescribeReservedInstances", "iam:ListAccountAliases"];
    },
  },
  {
    rule: "inventory-actions-extra",
    severity: "warning",
    name: "s3:GetObject added",
    account: T2,
    mutate: (s) => {
      (inventoryDoc(s, T2).Statement[0]!.Action as string[]).push("s3:GetObject");
    },
  },
  {
    rule: "rds-scope-pinned",
    severity: "warning",
    name: "DescribeDBInstances only on a named instance",
    account: T1,
    mutate: (s) => {
      inventoryDoc(s, T1).Statement[1]!.Resource = [`arn:aws:rds:eu-west-1:${T1}:db:prod-db`];
    },
  },
  {
    rule: "rds-scope-pinned",
    severity: "warning",
    name: "the model pins an instance name",
    model: parseAccessModel({ homeAccountId: HOME, targetAccountIds: [HOME], externalId: "ext-One_1", rdsScope: { kind: "patterns", patterns: [{ region: "eu-west-1", instanceName: "prod-db" }] } }),
    mutate: () => {},
  },
  {
    rule: "policy-too-large",
    severity: "error",
    name: "read-roles policy over 6,144 characters",
    account: HOME,
    mutate: (s) => {
      (assumeStatement(readRoles(s).document).Resource as string[]).push(...Array.from({ length: 130 }, (_, i) => `arn:aws:iam::${String(900000000000 + i)}:role/ListEC2ForFNMSRole`));
    },
  },
  {
    rule: "policy-near-limit",
    severity: "warning",
    name: "read-roles policy at about 95%",
    account: HOME,
    mutate: (s) => {
      (assumeStatement(readRoles(s).document).Resource as string[]).push(...Array.from({ length: 104 }, (_, i) => `arn:aws:iam::${String(900000000000 + i)}:role/ListEC2ForFNMSRole`));
    },
  },
  {
    rule: "policy-versions-full",
    severity: "warning",
    name: "inventory policy with 5 versions",
    account: T2,
    mutate: (s) => {
      target(s, T2).policies[0]!.versions = ["v1", "v2", "v3", "v4", "v5"].map((v) => ({ versionId: v, isDefault: v === "v5" }));
    },
  },
  {
    rule: "policy-outdated",
    severity: "info",
    name: "inventory policy differs from the model",
    account: T2,
    mutate: (s) => {
      inventoryDoc(s, T2).Statement[1]!.Resource = [`arn:aws:rds:*:${T2}:db:orcl-*`];
    },
  },
  {
    rule: "read-roles-policy-missing",
    severity: "error",
    name: "no read-roles policy",
    account: HOME,
    mutate: (s) => {
      s.home.policies = [];
      user(s).attachedPolicies = [];
    },
  },
  {
    rule: "read-roles-actions-missing",
    severity: "error",
    name: "iam:GetUser removed",
    account: HOME,
    mutate: (s) => {
      readStatement(readRoles(s).document).Action = (readStatement(readRoles(s).document).Action as string[]).filter((a) => a !== "iam:GetUser");
    },
  },
  {
    rule: "group-policies-not-granted",
    severity: "error",
    name: "user in a group without iam:ListAttachedGroupPolicies",
    account: HOME,
    mutate: (s) => {
      readStatement(readRoles(s).document).Action = (readStatement(readRoles(s).document).Action as string[]).filter((a) => a !== "iam:ListAttachedGroupPolicies");
      user(s).groups = [{ name: "Auditors", arn: `arn:aws:iam::${HOME}:group/Auditors`, attachedPolicies: [], inlinePolicies: [] }];
    },
  },
  {
    rule: "read-roles-actions-extra",
    severity: "warning",
    name: "an admin policy attached to the collector user",
    account: HOME,
    mutate: (s) => {
      const admin = { arn: `arn:aws:iam::${HOME}:policy/Admin`, name: "Admin", path: "/", defaultVersionId: "v1", versions: [{ versionId: "v1", isDefault: true }], document: { Version: "2012-10-17" as const, Statement: [{ Effect: "Allow" as const, Action: "*", Resource: "*" }] } };
      s.home.policies.push(admin);
      user(s).attachedPolicies.push({ name: admin.name, arn: admin.arn });
    },
  },
  {
    rule: "assume-role-wildcard",
    severity: "error",
    name: "account wildcard in sts:AssumeRole",
    account: HOME,
    mutate: (s) => {
      assumeStatement(readRoles(s).document).Resource = ["arn:aws:iam::*:role/ListEC2ForFNMSRole"];
    },
  },
  {
    rule: "assume-role-wildcard",
    severity: "error",
    name: "partial ARN in sts:AssumeRole",
    account: HOME,
    mutate: (s) => {
      (assumeStatement(readRoles(s).document).Resource as string[]).push(`arn:aws:iam::${T1}:role/ListEC2*`);
    },
  },
  {
    rule: "assume-role-missing-target",
    severity: "error",
    name: "a target's ARN missing",
    account: T2,
    mutate: (s) => {
      assumeStatement(readRoles(s).document).Resource = [roleArn(model, HOME), roleArn(model, T1)];
    },
  },
  {
    rule: "assume-role-unknown-role",
    severity: "warning",
    name: "an ARN of an account outside the connection",
    account: "999988887777",
    mutate: (s) => {
      (assumeStatement(readRoles(s).document).Resource as string[]).push("arn:aws:iam::999988887777:role/ListEC2ForFNMSRole");
    },
  },
  {
    rule: "assume-role-unknown-role",
    severity: "warning",
    name: "a listed role that does not exist",
    account: T1,
    mutate: (s) => {
      target(s, T1).role = null;
    },
  },
  {
    rule: "read-roles-policy-count",
    severity: "warning",
    name: "2,000 accounts need 18 policies",
    account: HOME,
    model: parseAccessModel({ homeAccountId: HOME, targetAccountIds: Array.from({ length: 2000 }, (_, i) => String(100000000000 + i)), externalId: "ext-One_1" }),
    mutate: () => {},
  },
  {
    rule: "trust-principal-mismatch",
    severity: "error",
    name: "trust names another account",
    account: T1,
    mutate: (s) => {
      role(s, T1).trustPolicy.Statement[0]!.Principal = { AWS: "arn:aws:iam::999988887777:root" };
    },
  },
  {
    rule: "trust-principal-mismatch",
    severity: "error",
    name: "trust adds anyone",
    account: T2,
    mutate: (s) => {
      role(s, T2).trustPolicy.Statement.push({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" });
    },
  },
  {
    rule: "external-id-missing",
    severity: "error",
    name: "trust without the sts:ExternalId condition",
    account: T1,
    mutate: (s) => {
      delete role(s, T1).trustPolicy.Statement[0]!.Condition;
    },
  },
  {
    rule: "external-id-inconsistent",
    severity: "error",
    name: "one role with another external ID",
    mutate: (s) => {
      role(s, T2).trustPolicy.Statement[0]!.Condition = { StringEquals: { "sts:ExternalId": "other-id" } };
    },
  },
  {
    rule: "external-id-mismatch",
    severity: "error",
    name: "a role's external ID differs from the connection's",
    account: T2,
    mutate: (s) => {
      role(s, T2).trustPolicy.Statement[0]!.Condition = { StringEquals: { "sts:ExternalId": "other-id" } };
    },
  },
  {
    rule: "external-id-mismatch",
    severity: "error",
    name: "the connection has none but the role requires one",
    account: T1,
    model: parseAccessModel({ homeAccountId: HOME, targetAccountIds: [HOME, T1] }),
    mutate: (s) => {
      role(s, T1).trustPolicy.Statement[0]!.Condition = { StringEquals: { "sts:ExternalId": "surprise" } };
    },
  },
  {
    rule: "inventory-policy-not-attached",
    severity: "error",
    name: "inventory policy exists but is detached",
    account: T2,
    mutate: (s) => {
      role(s, T2).attachedPolicies = [];
    },
  },
  {
    rule: "session-too-short",
    severity: "warning",
    name: "role allows 1 h, the model wants 2 h",
    account: T1,
    model: parseAccessModel({ homeAccountId: HOME, targetAccountIds: [HOME, T1], externalId: "ext-One_1", maxSessionDurationSeconds: 7200 }),
    mutate: (s) => {
      role(s, T1).maxSessionDurationSeconds = 3600;
    },
  },
  {
    rule: "role-missing",
    severity: "error",
    name: "no role in a target",
    account: T1,
    mutate: (s) => {
      target(s, T1).role = null;
    },
  },
  {
    rule: "target-unreadable",
    severity: "warning",
    name: "a target could not be read",
    account: T2,
    mutate: (s) => {
      target(s, T2).role = null;
      target(s, T2).readError = { code: "AWS_ACCESS_DENIED", message: "denied" };
    },
  },
  {
    rule: "target-unreadable",
    severity: "warning",
    name: "a target missing from the observed state",
    account: T2,
    mutate: (s) => {
      s.targets = s.targets.filter((t) => t.accountId !== T2);
    },
  },
  {
    rule: "user-missing",
    severity: "error",
    name: "no collector user",
    account: HOME,
    mutate: (s) => {
      s.home.user = null;
    },
  },
  {
    rule: "read-roles-not-attached",
    severity: "error",
    name: "read-roles policy not attached",
    account: HOME,
    mutate: (s) => {
      user(s).attachedPolicies = [];
    },
  },
  {
    rule: "read-roles-not-attached",
    severity: "warning",
    name: "read-roles policy attached through a group only",
    account: HOME,
    mutate: (s) => {
      const p = readRoles(s);
      user(s).attachedPolicies = [];
      user(s).groups = [{ name: "Collectors", arn: `arn:aws:iam::${HOME}:group/Collectors`, attachedPolicies: [{ name: p.name, arn: p.arn }], inlinePolicies: [] }];
    },
  },
  {
    rule: "read-roles-inline",
    severity: "error",
    name: "read-roles permissions in an inline user policy",
    account: HOME,
    mutate: (s) => {
      const p = readRoles(s);
      user(s).attachedPolicies = [];
      user(s).inlinePolicies = [{ name: "ReadRolesInline", document: p.document }];
    },
  },
  {
    rule: "access-key-missing",
    severity: "error",
    name: "only an inactive key",
    account: HOME,
    mutate: (s) => {
      user(s).accessKeys = [{ accessKeyId: "AKIAINACTIVE00000001", status: "Inactive" }];
    },
  },
  {
    rule: "access-keys-full",
    severity: "warning",
    name: "two access keys",
    account: HOME,
    mutate: (s) => {
      user(s).accessKeys.push({ accessKeyId: "AKIASECONDKEY0000002", status: "Active" });
    },
  },
];

describe("lintAccess", () => {
  it("reports nothing for the state a perfect rollout produces", () => {
    expect(lintAccess(model, idealObservedState(model))).toEqual([]);
    const noExt = parseAccessModel({ homeAccountId: HOME, targetAccountIds: [T1], rolePath: "/fnms/", names: { role: "R" } });
    expect(lintAccess(noExt, idealObservedState(noExt))).toEqual([]);
  });

  it("has a triggering case for every rule it lists", () => {
    expect([...new Set(triggers.map((t) => t.rule))].sort()).toEqual(LINT_RULES.map((r) => r.id).sort());
  });

  it("lists each rule once with a step of the procedure", () => {
    expect(new Set(LINT_RULES.map((r) => r.id)).size).toBe(LINT_RULES.length);
    for (const r of LINT_RULES) expect([2, 3, 4, 5, 6, 8]).toContain(r.step);
  });

  it("takes each finding's severity and step from LINT_RULES, unless the rule declares the difference with its reason", () => {
    const findings = triggers.flatMap((t) => lint(t.mutate, t.model ?? model));
    expect(findings.length).toBeGreaterThan(triggers.length);
    const disagreeing = findings.filter((f) => !agreesWithRule(LINT_RULE_BY_ID, f)).map((f) => `${f.severity}:${f.step}:${f.rule}`);
    expect(disagreeing).toEqual([]);
    for (const r of LINT_RULES) if (r.overrides) expect(r.overrides.why.length, r.id).toBeGreaterThan(20);
  });

  it("accepts an override only where the rule declares it (checked by tsc; the emitter fills in the rest)", () => {
    const { emit, findings } = findingCollector();
    emit("read-roles-not-attached", { message: "m", fix: "f" }, { severity: "warning" });
    // @ts-expect-error user-missing declares no other severity
    emit("user-missing", { message: "m", fix: "f" }, { severity: "warning" });
    // @ts-expect-error policy-versions-full declares no step 4
    emit("policy-versions-full", { message: "m", fix: "f" }, { step: 4 });
    emit("access-keys-full", { accountId: HOME, message: "m", fix: "f" });
    expect(findings.map((f) => `${f.severity}:${f.step}:${f.rule}`)).toEqual(["warning:6:read-roles-not-attached", "warning:6:user-missing", "warning:4:policy-versions-full", "warning:6:access-keys-full"]);
  });

  it.each(triggers)("$rule: $name", ({ rule, severity, model: m, mutate, account }) => {
    const findings = lint(mutate, m ?? model);
    const hits = only(findings, rule);
    expect(hits.length, `findings were ${JSON.stringify(rulesOf(findings))}`).toBeGreaterThan(0);
    expect(hits.map((f) => f.severity)).toContain(severity);
    if (account !== undefined) expect(hits.map((f) => f.accountId)).toContain(account);
    for (const f of hits) {
      expect(f.message.length).toBeGreaterThan(20);
      expect(f.fix.length).toBeGreaterThan(10);
      // Severity never exceeds what LINT_RULES advertises.
      const advertised = LINT_RULES.find((r) => r.id === rule)!.severity;
      expect(["error", "warning", "info"].indexOf(f.severity)).toBeGreaterThanOrEqual(["error", "warning", "info"].indexOf(advertised));
    }
  });
});

describe("near misses that must not trigger", () => {
  it("permissions granted by another policy instead of the named one: no inventory-policy-missing or actions-missing", () => {
    const f = lint((s) => {
      role(s, T1).attachedPolicies = [];
      role(s, T1).inlinePolicies = [{ name: "inline", document: inventoryDoc(s, T1) }];
      target(s, T1).policies = [];
    });
    expect(rulesOf(f)).toEqual([]);
  });
  it("ec2:Describe* grants the actions (no actions-missing) but is broader than needed", () => {
    const f = lint((s) => {
      inventoryDoc(s, T1).Statement[0]!.Action = ["ec2:Describe*", "iam:ListAccountAliases"];
    });
    expect(only(f, "inventory-actions-missing")).toEqual([]);
    expect(only(f, "inventory-actions-extra")[0]?.message).toMatch(/ec2:Describe\*/);
  });
  it("an RDS wildcard pattern is not pinned", () => {
    expect(only(lint((s) => void (inventoryDoc(s, T1).Statement[1]!.Resource = [`arn:aws:rds:eu-west-1:${T1}:db:orcl-*`])), "rds-scope-pinned")).toEqual([]);
  });
  it("4 versions are fine", () => {
    expect(only(lint((s) => void (target(s, T2).policies[0]!.versions = ["v1", "v2", "v3", "v4"].map((v) => ({ versionId: v, isDefault: v === "v4" })))), "policy-versions-full")).toEqual([]);
  });
  it("a leftover split part the model no longer needs is reported as outdated (info)", () => {
    const f = lint((s) => {
      const extra = { ...readRoles(s), name: "ReadRolesForFNMS-2", arn: policyArn(HOME, "/", "ReadRolesForFNMS-2") };
      s.home.policies.push(extra);
      user(s).attachedPolicies.push({ name: extra.name, arn: extra.arn });
    });
    expect(f.map((x) => `${x.severity}:${x.rule}`)).toEqual(["info:policy-outdated"]);
    expect(f[0]?.message).toMatch(/ReadRolesForFNMS-2 is a read-roles part the model no longer needs/);
  });
  it("an equivalent but reordered policy is not outdated", () => {
    const f = lint((s) => {
      const st = assumeStatement(readRoles(s).document);
      st.Resource = [...(st.Resource as string[])].reverse();
      readRoles(s).document.Statement.reverse();
    });
    expect(f).toEqual([]);
  });
  it("split policies filled to the brim do not warn; only the last one's fill level counts", () => {
    const big = parseAccessModel({ homeAccountId: HOME, targetAccountIds: Array.from({ length: 150 }, (_, i) => String(100000000000 + i)), externalId: "ext-One_1" });
    expect(buildReadRolesPolicies(big)).toHaveLength(2);
    const f = lintAccess(big, idealObservedState(big));
    expect(rulesOf(f)).toEqual(["read-roles-policy-count"]);
    expect(f[0]?.severity).toBe("info");
  });
  it("a user in a group is fine when iam:ListAttachedGroupPolicies is granted; without a group its absence is only a warning", () => {
    const inGroup = lint((s) => void (user(s).groups = [{ name: "G", arn: `arn:aws:iam::${HOME}:group/G`, attachedPolicies: [], inlinePolicies: [] }]));
    expect(inGroup).toEqual([]);
    const noGroup = lint((s) => {
      readStatement(readRoles(s).document).Action = (readStatement(readRoles(s).document).Action as string[]).filter((a) => a !== "iam:ListAttachedGroupPolicies");
    });
    expect(only(noGroup, "group-policies-not-granted").map((x) => x.severity)).toEqual(["warning"]);
  });
  it("trusting the home account by bare ID or by the collector user's ARN is fine", () => {
    expect(only(lint((s) => void (role(s, T1).trustPolicy.Statement[0]!.Principal = { AWS: HOME })), "trust-principal-mismatch")).toEqual([]);
    expect(only(lint((s) => void (role(s, T1).trustPolicy.Statement[0]!.Principal = { AWS: `arn:aws:iam::${HOME}:user/FNMSUser` })), "trust-principal-mismatch")).toEqual([]);
  });
  it("a longer session than needed is fine; one active key is fine", () => {
    expect(lint((s) => void (role(s, T1).maxSessionDurationSeconds = 43200))).toEqual([]);
    expect(lint((s) => void user(s).accessKeys.push({ accessKeyId: "AKIAINACTIVE00000002", status: "Inactive" })).map((f) => f.rule)).toEqual(["access-keys-full"]);
  });
  it("an inline policy unrelated to read-roles is not flagged as inline read-roles", () => {
    const f = lint((s) => void (user(s).inlinePolicies = [{ name: "x", document: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*" }] } }]));
    expect(only(f, "read-roles-inline")).toEqual([]);
  });
  it("group-attached read-roles ARNs count only when the user may list group policies", () => {
    const f = lint((s) => {
      const p = readRoles(s);
      // The IAM reads stay on the user (without ListAttachedGroupPolicies); the ARNs move to a group policy.
      const reads = { ...p, arn: policyArn(HOME, "/", "Reads"), name: "Reads", document: { Version: "2012-10-17" as const, Statement: [{ Effect: "Allow" as const, Action: ["iam:GetUser", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListAttachedUserPolicies", "iam:ListGroupsForUser"], Resource: "*" }] } };
      s.home.policies.push(reads);
      user(s).attachedPolicies = [{ name: reads.name, arn: reads.arn }];
      const assumeOnly = { ...p, arn: policyArn(HOME, "/", "AssumeOnly"), name: "AssumeOnly", document: { Version: "2012-10-17" as const, Statement: [assumeStatement(p.document)] } };
      s.home.policies.push(assumeOnly);
      user(s).groups = [{ name: "G", arn: `arn:aws:iam::${HOME}:group/G`, attachedPolicies: [{ name: assumeOnly.name, arn: assumeOnly.arn }], inlinePolicies: [] }];
    });
    expect(only(f, "group-policies-not-granted").map((x) => x.severity)).toEqual(["error"]);
    expect(only(f, "assume-role-missing-target").map((x) => x.accountId).sort()).toEqual([HOME, T1, T2]);
  });
});

describe("ordering", () => {
  it("sorts errors first, then by step, then by account", () => {
    const f = lint((s) => {
      user(s).accessKeys.push({ accessKeyId: "AKIASECONDKEY0000002", status: "Active" }); // warning, step 6
      target(s, T2).role = null; // error, step 5 + warning step 3
      delete role(s, T1).trustPolicy.Statement[0]!.Condition; // error, step 4
      assumeStatement(readRoles(s).document).Resource = [roleArn(model, HOME), roleArn(model, T1), roleArn(model, T2), "arn:aws:iam::*:role/X"]; // error, step 3
    });
    const order = f.map((x) => `${x.severity}:${x.step}:${x.accountId ?? ""}:${x.rule}`);
    expect(order).toEqual([
      `error:3:${HOME}:assume-role-wildcard`,
      "error:4::external-id-inconsistent",
      `error:4:${T1}:external-id-missing`,
      `error:5:${T2}:role-missing`,
      `warning:3:${T2}:assume-role-unknown-role`,
      `warning:6:${HOME}:access-keys-full`,
      `info:3:${HOME}:policy-outdated`,
    ]);
  });
});
