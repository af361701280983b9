import type {
  AccessModel,
  Finding,
  ObservedAttachment,
  ObservedInlinePolicy,
  ObservedManagedPolicy,
  ObservedRole,
  ObservedState,
  ObservedTarget,
  PolicyDocument,
  Severity,
} from "@/lib/model/types";
import { awsCommand } from "@/lib/artefacts/quote";
import {
  ASSUME_ROLE_ACTION,
  INVENTORY_ACTIONS,
  MANAGED_POLICY_MAX,
  NEAR_LIMIT_RATIO,
  RDS_ACTION,
  READ_ROLES_ACTIONS,
  TRUST_POLICY_MAX,
  USER_ATTACHED_POLICIES_DEFAULT_QUOTA,
  USER_ATTACHED_POLICIES_MAX_QUOTA,
  accountRootArn,
  buildInventoryPolicy,
  buildReadRolesPolicies,
  diffPolicies,
  hasWildcard,
  managedPolicySize,
  parseIamArn,
  policiesAllow,
  readRolesSplitSummary,
  roleArn,
  statementCoversAction,
  userArn,
} from "@/lib/policies";
import type { LintRuleId } from "./rules";
import { allowStatements, asList, externalIdsOf, principalsOf } from "@/lib/policies";

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const MAX_IDS_IN_MESSAGE = 10;

type Emit = (f: Omit<Finding, "rule"> & { rule: LintRuleId }) => void;

function listIds(ids: readonly string[]): string {
  return ids.length <= MAX_IDS_IN_MESSAGE ? ids.join(", ") : `${ids.slice(0, MAX_IDS_IN_MESSAGE).join(", ")} and ${ids.length - MAX_IDS_IN_MESSAGE} more`;
}

/** Actions a document allows that are not in `expected` (wildcards and NotAction count as extra). */
function extraActions(docs: readonly PolicyDocument[], expected: readonly string[]): string[] {
  const ok = new Set(expected.map((a) => a.toLowerCase()));
  const extra = new Set<string>();
  for (const d of docs) {
    for (const s of allowStatements(d)) {
      if (s.NotAction !== undefined) extra.add(`NotAction ${asList(s.NotAction).join(",")} (allows everything else)`);
      for (const a of asList(s.Action)) if (!ok.has(a.toLowerCase())) extra.add(a);
    }
  }
  return [...extra].sort();
}

function sizeChecks(emit: Emit, doc: PolicyDocument, what: string, step: number, accountId: string, limit: number, warnNear: boolean) {
  const size = managedPolicySize(doc);
  if (size > limit) {
    emit({
      rule: "policy-too-large",
      severity: "error",
      step,
      accountId,
      message: `${what} is ${size} characters (without whitespace); IAM allows ${limit}.`,
      fix: step === 3 ? "Let the portal split the role ARNs over several read-roles policies (NAME, NAME-2, ...)." : "Remove statements the beacon does not need; regenerate the policy from the model.",
    });
  } else if (warnNear && size > limit * NEAR_LIMIT_RATIO) {
    emit({
      rule: "policy-near-limit",
      severity: "warning",
      step,
      accountId,
      message: `${what} is ${size} of ${limit} characters (${Math.round((size / limit) * 100)}%).`,
      fix: step === 3 ? "Nothing to do now; when more accounts are added the portal continues in a further policy (NAME-2, ...), which must also be attached to the user." : "Keep the policy minimal: regenerate it from the model.",
    });
  }
}

function versionCheck(emit: Emit, p: ObservedManagedPolicy, step: number, accountId: string) {
  if (p.versions.length >= 5) {
    emit({
      rule: "policy-versions-full",
      severity: "warning",
      step,
      accountId,
      message: `Policy ${p.name} stores 5 versions, IAM's maximum: the next change (create-policy-version) fails.`,
      fix: `The portal and the CLI script delete the oldest non-default version automatically before updating; by hand: ${awsCommand("iam", "delete-policy-version", "--policy-arn", p.arn, "--version-id", "vN")}`,
    });
  }
}

// ---------- target accounts ----------

function lintTrust(emit: Emit, model: AccessModel, role: ObservedRole, accountId: string) {
  const home = model.homeAccountId;
  const accepted = new Set([home, accountRootArn(home), userArn(home, model.names.user)]);
  // Who may assume the role (principalsOf names AWS principals by their bare ARN or account ID).
  const principals = principalsOf({ ...role.trustPolicy, Statement: allowStatements(role.trustPolicy).filter((s) => statementCoversAction(s, ASSUME_ROLE_ACTION)) });
  const trustsHome = principals.some((p) => accepted.has(p));
  const others = principals.filter((p) => !accepted.has(p));
  if (!trustsHome || others.length > 0) {
    const parts: string[] = [];
    if (!trustsHome) parts.push(`does not trust the home account ${home}`);
    if (others.length > 0) parts.push(`also trusts ${others.join(", ")}`);
    emit({
      rule: "trust-principal-mismatch",
      severity: "error",
      step: 4,
      accountId,
      message: `Role ${role.name}'s trust policy ${parts.join(" and ")}.`,
      fix: `Set the trust policy's principal to the home account only ("AWS": "${accountRootArn(home)}"), as "Another AWS account" does in step 4.3-4.4; the portal's trust-policy.json has it.`,
    });
  }
  const ids = externalIdsOf(role.trustPolicy);
  if (model.externalId !== undefined && ids.length === 0) {
    emit({
      rule: "external-id-missing",
      severity: "error",
      step: 4,
      accountId,
      message: `Role ${role.name} does not require an external ID, but the connection uses one.`,
      fix: "Add the condition StringEquals sts:ExternalId with the connection's external ID to the role's trust policy (Require external ID, step 4.5).",
    });
  } else if (model.externalId === undefined && ids.length > 0) {
    emit({
      rule: "external-id-mismatch",
      severity: "error",
      step: 8,
      accountId,
      message: `Role ${role.name} requires an external ID, but the connection has none: the beacon's AssumeRole call will be denied.`,
      fix: "Enter the role's external ID in the model and in the beacon's External ID field (step 8.3), or remove the condition from the trust policy.",
    });
  } else if (model.externalId !== undefined && !ids.includes(model.externalId)) {
    emit({
      rule: "external-id-mismatch",
      severity: "error",
      step: 8,
      accountId,
      message: `Role ${role.name} requires a different external ID than the connection's: the beacon's AssumeRole call will be denied.`,
      fix: "Use the same external ID in every role's trust policy and in the beacon's External ID field (steps 4.5 and 8.3); the portal's rollout sets it.",
    });
  }
  sizeChecks(emit, role.trustPolicy, `Role ${role.name}'s trust policy`, 4, accountId, TRUST_POLICY_MAX, true);
}

function lintTarget(emit: Emit, model: AccessModel, t: ObservedTarget) {
  const accountId = t.accountId;
  if (t.readError !== undefined) {
    emit({
      rule: "target-unreadable",
      severity: "warning",
      step: 5,
      accountId,
      message: `Account ${accountId} could not be read (${t.readError.code}), so its role and policy were not checked.`,
      fix: "Check that the portal can reach the account (its credentials or the role it assumes there), then verify again.",
    });
    return;
  }
  const inventoryPolicy = t.policies.find((p) => p.name === model.names.inventoryPolicy);
  const role = t.role;
  if (role === null) {
    emit({
      rule: "role-missing",
      severity: "error",
      step: 5,
      accountId,
      message: `Account ${accountId} has no role ${model.names.role}${inventoryPolicy === undefined ? ` and no policy ${model.names.inventoryPolicy}` : ""}: the beacon cannot collect from it.`,
      fix: `Repeat steps 2 and 4 in account ${accountId} (or deploy the CloudFormation template / StackSet there).`,
    });
  } else {
    const expectedArn = roleArn(model, accountId);
    if (role.arn !== expectedArn) {
      // The name matched but the path did not: the read-roles policy lists the model's ARN, not this one.
      emit({
        rule: "assume-role-missing-target",
        severity: "error",
        step: 3,
        accountId,
        message: `Role ${role.arn} is not at the model's path: the read-roles policy lists ${expectedArn}, which does not exist.`,
        fix: `Recreate the role at path ${model.rolePath} or change the model's role path to ${role.path}.`,
      });
    }
    lintTrust(emit, model, role, accountId);
    if (role.maxSessionDurationSeconds < Math.max(3600, model.maxSessionDurationSeconds)) {
      emit({
        rule: "session-too-short",
        severity: "warning",
        step: 4,
        accountId,
        message: `Role ${role.name} allows sessions of ${role.maxSessionDurationSeconds} s; the beacon needs ${Math.max(3600, model.maxSessionDurationSeconds)} s.`,
        fix: awsCommand("iam", "update-role", "--role-name", role.name, "--max-session-duration", Math.max(3600, model.maxSessionDurationSeconds)),
      });
    }
    const attachedInventory = role.attachedPolicies.some((a) => a.name === model.names.inventoryPolicy);
    if (inventoryPolicy !== undefined && !attachedInventory) {
      emit({
        rule: "inventory-policy-not-attached",
        severity: "error",
        step: 4,
        accountId,
        message: `Policy ${model.names.inventoryPolicy} exists but is not attached to role ${role.name}.`,
        fix: `Attach it (step 4.7): ${awsCommand("iam", "attach-role-policy", "--role-name", role.name, "--policy-arn", inventoryPolicy.arn)}`,
      });
    }
    const roleDocs = roleDocuments(role, t.policies);
    if (roleDocs.unknown.length === 0) {
      const missing: string[] = INVENTORY_ACTIONS.filter((a) => !policiesAllow(roleDocs.docs, a));
      if (!policiesAllow(roleDocs.docs, RDS_ACTION)) missing.push(RDS_ACTION);
      if (missing.length > 0) {
        emit({
          rule: inventoryPolicy === undefined && roleDocs.docs.length === 0 ? "inventory-policy-missing" : "inventory-actions-missing",
          severity: "error",
          step: 2,
          accountId,
          message:
            inventoryPolicy === undefined && roleDocs.docs.length === 0
              ? `Account ${accountId} has no policy ${model.names.inventoryPolicy} and role ${role.name} has no permissions: nothing can be inventoried.`
              : `Role ${role.name} is not allowed ${missing.join(", ")}: that part of the inventory will be empty or fail.`,
          fix: `Create (or update) ${model.names.inventoryPolicy} from the portal's policy (step 2) and attach it to ${role.name} (step 4.7).`,
        });
      }
      const extra = extraActions(roleDocs.docs, [...INVENTORY_ACTIONS, RDS_ACTION]);
      if (extra.length > 0) {
        emit({
          rule: "inventory-actions-extra",
          severity: "warning",
          step: 2,
          accountId,
          message: `Role ${role.name} also allows ${listIds(extra)}; the beacon needs only ${[...INVENTORY_ACTIONS, RDS_ACTION].join(", ")}.`,
          fix: `Remove the extra actions or policies from ${role.name}; use the portal's ${model.names.inventoryPolicy} as is.`,
        });
      }
    }
  }
  if (inventoryPolicy !== undefined) {
    lintRdsPinned(emit, inventoryPolicy.document, accountId, model.names.inventoryPolicy);
    sizeChecks(emit, inventoryPolicy.document, `Policy ${inventoryPolicy.name}`, 2, accountId, MANAGED_POLICY_MAX, true);
    versionCheck(emit, inventoryPolicy, 2, accountId);
    const intended = buildInventoryPolicy(model, accountId);
    if (!diffPolicies(inventoryPolicy.document, intended).equivalent) {
      emit({
        rule: "policy-outdated",
        severity: "info",
        step: 2,
        accountId,
        message: `Policy ${inventoryPolicy.name} differs from the model's inventory policy.`,
        fix: "Run the rollout (or the CLI script): it adds a new default version.",
      });
    }
  }
}

function roleDocuments(role: ObservedRole, policies: readonly ObservedManagedPolicy[]): { docs: PolicyDocument[]; unknown: string[] } {
  return attachedDocuments(role.attachedPolicies, role.inlinePolicies, policies);
}

function attachedDocuments(
  attached: readonly ObservedAttachment[],
  inline: readonly ObservedInlinePolicy[],
  policies: readonly ObservedManagedPolicy[],
): { docs: PolicyDocument[]; unknown: string[] } {
  const byArn = new Map(policies.map((p) => [p.arn, p]));
  const docs: PolicyDocument[] = [];
  const unknown: string[] = [];
  for (const a of attached) {
    const p = byArn.get(a.arn);
    if (p === undefined) unknown.push(a.arn);
    else docs.push(p.document);
  }
  for (const i of inline) docs.push(i.document);
  return { docs, unknown };
}

function lintRdsPinned(emit: Emit, doc: PolicyDocument, accountId: string, policyName: string) {
  const pinned = new Set<string>();
  for (const s of allowStatements(doc)) {
    if (!statementCoversAction(s, RDS_ACTION)) continue;
    for (const r of asList(s.Resource)) {
      const name = /:db:(.*)$/.exec(r)?.[1];
      if (name !== undefined && !name.includes("*")) pinned.add(r);
    }
  }
  if (pinned.size > 0) {
    emit({
      rule: "rds-scope-pinned",
      severity: "warning",
      step: 2,
      accountId,
      message: `Policy ${policyName} allows rds:DescribeDBInstances only on named instances (${listIds([...pinned].sort())}): databases created or renamed later are not inventoried.`,
      fix: "Use a wildcard pattern (e.g. db:* or db:orcl-*) unless the restriction is deliberate.",
    });
  }
}

// ---------- home account ----------

interface AssumeRoleSource {
  policyName: string;
  kind: "managed" | "inline" | "group-managed" | "group-inline";
  resources: string[];
}

function assumeRoleResources(doc: PolicyDocument): string[] {
  const out: string[] = [];
  for (const s of allowStatements(doc)) {
    if (!statementCoversAction(s, ASSUME_ROLE_ACTION)) continue;
    if (s.NotResource !== undefined) out.push(`NotResource ${asList(s.NotResource).join(",")}`);
    out.push(...asList(s.Resource));
  }
  return out;
}

function grantsReadRoles(doc: PolicyDocument): boolean {
  return assumeRoleResources(doc).length > 0 || READ_ROLES_ACTIONS.some((a) => policiesAllow([doc], a));
}

function isReadRolesName(model: AccessModel, name: string): boolean {
  const base = model.names.readRolesPolicy;
  return name === base || (name.startsWith(`${base}-`) && /^\d+$/.test(name.slice(base.length + 1)));
}

function readRolesIndex(model: AccessModel, name: string): number {
  return name === model.names.readRolesPolicy ? 1 : Number(name.slice(model.names.readRolesPolicy.length + 1));
}

function lintHome(emit: Emit, model: AccessModel, state: ObservedState) {
  const home = state.home;
  const accountId = model.homeAccountId;
  const user = home.user;
  const byArn = new Map(home.policies.map((p) => [p.arn, p]));
  const readRoles = home.policies.filter((p) => isReadRolesName(model, p.name)).sort((a, b) => readRolesIndex(model, a.name) - readRolesIndex(model, b.name));

  const split = readRolesSplitSummary(model);
  if (split.severity !== null && split.message !== null) {
    emit({
      rule: "read-roles-policy-count",
      severity: split.severity,
      step: 3,
      accountId,
      message: split.message,
      fix:
        split.severity === "info"
          ? `Attach all ${split.policyCount} policies to ${model.names.user}; the portal, the CLI script and the Terraform module do.`
          : "Shorten the role name and path (each character counts once per account), request a higher quota, or split the accounts over several connections.",
    });
  }

  if (readRoles.length === 0) {
    emit({
      rule: "read-roles-policy-missing",
      severity: "error",
      step: 3,
      accountId,
      message: `The home account has no policy ${model.names.readRolesPolicy}.`,
      fix: "Create it from the portal's policy (step 3) and attach it to the collector user (step 6.5-6.6).",
    });
  }
  readRoles.forEach((p, i) => {
    // Split policies are filled to the brim on purpose: only the last one's fill level says something.
    sizeChecks(emit, p.document, `Policy ${p.name}`, 3, accountId, MANAGED_POLICY_MAX, i === readRoles.length - 1);
    versionCheck(emit, p, 3, accountId);
  });
  const intended = buildReadRolesPolicies(model);
  for (const want of intended) {
    const have = readRoles.find((p) => p.name === want.name);
    if (have !== undefined && !diffPolicies(have.document, want.document).equivalent) {
      emit({
        rule: "policy-outdated",
        severity: "info",
        step: 3,
        accountId,
        message: `Policy ${have.name} differs from the model's read-roles policy.`,
        fix: "Run the rollout (or the CLI script): it adds a new default version.",
      });
    }
  }

  const intendedNames = new Set(intended.map((p) => p.name));
  for (const p of readRoles) {
    if (intendedNames.has(p.name)) continue;
    emit({
      rule: "policy-outdated",
      severity: "info",
      step: 3,
      accountId,
      message: `Policy ${p.name} is a read-roles part the model no longer needs (it now fits in ${intended.length}).`,
      fix: `Detach ${p.name} from ${model.names.user} and delete it once the remaining parts list every role.`,
    });
  }

  if (user === null) {
    emit({
      rule: "user-missing",
      severity: "error",
      step: 6,
      accountId,
      message: `The home account has no user ${model.names.user}.`,
      fix: `Create the user with programmatic access and attach ${model.names.readRolesPolicy} (step 6).`,
    });
    return;
  }

  const userAttachedArns = new Set(user.attachedPolicies.map((a) => a.arn));
  const groupAttachedArns = new Set(user.groups.flatMap((g) => g.attachedPolicies.map((a) => a.arn)));
  for (const p of readRoles) {
    if (userAttachedArns.has(p.arn)) continue;
    const viaGroup = groupAttachedArns.has(p.arn);
    emit({
      rule: "read-roles-not-attached",
      severity: viaGroup ? "warning" : "error",
      step: 6,
      accountId,
      message: viaGroup
        ? `Policy ${p.name} reaches ${user.name} only through a group; the procedure attaches it to the user, and the beacon then also depends on iam:ListAttachedGroupPolicies.`
        : `Policy ${p.name} is not attached to ${user.name}: the beacon does not see the roles it lists.`,
      fix: `Attach it as a managed policy, not an inline policy (step 6.5-6.6): ${awsCommand("iam", "attach-user-policy", "--user-name", user.name, "--policy-arn", p.arn)}`,
    });
  }

  const inlineSources = [
    ...user.inlinePolicies.map((i) => ({ where: `inline policy ${i.name} of ${user.name}`, doc: i.document })),
    ...user.groups.flatMap((g) => g.inlinePolicies.map((i) => ({ where: `inline policy ${i.name} of group ${g.name}`, doc: i.document }))),
  ];
  for (const s of inlineSources) {
    if (!grantsReadRoles(s.doc)) continue;
    emit({
      rule: "read-roles-inline",
      severity: "error",
      step: 6,
      accountId,
      message: `Read-roles permissions are in the ${s.where}: the beacon only reads managed policies, so no inventory can be collected through it.`,
      fix: `Move them into the managed policy ${model.names.readRolesPolicy}, attach that to the user, and delete the inline policy (step 6.5).`,
    });
  }

  // Everything that applies to the user, for "is it allowed at all".
  const userManaged = attachedDocuments(user.attachedPolicies, [], home.policies);
  const groupManaged = attachedDocuments(user.groups.flatMap((g) => g.attachedPolicies), [], home.policies);
  const allDocs = [...userManaged.docs, ...groupManaged.docs, ...inlineSources.map((s) => s.doc)];
  const unknownPolicies = [...userManaged.unknown, ...groupManaged.unknown];

  if (unknownPolicies.length === 0) {
    const missing = READ_ROLES_ACTIONS.filter((a) => a !== "iam:ListAttachedGroupPolicies" && !policiesAllow(allDocs, a));
    if (missing.length > 0) {
      emit({
        rule: "read-roles-actions-missing",
        severity: "error",
        step: 3,
        accountId,
        message: `${user.name} is not allowed ${missing.join(", ")}: the connection test and role discovery fail.`,
        fix: `Use the portal's ${model.names.readRolesPolicy} (step 3.4-3.5), attached to ${user.name}.`,
      });
    }
    if (!policiesAllow(allDocs, "iam:ListAttachedGroupPolicies")) {
      const groups = user.groups.map((g) => g.name);
      emit({
        rule: "group-policies-not-granted",
        severity: groups.length > 0 ? "error" : "warning",
        step: 3,
        accountId,
        message:
          groups.length > 0
            ? `${user.name} is in group(s) ${listIds(groups)} but may not call iam:ListAttachedGroupPolicies: per the procedure, no inventory can be collected at all.`
            : `${user.name} may not call iam:ListAttachedGroupPolicies; harmless while the user is in no group, fatal once it is added to one.`,
        fix: `Add iam:ListAttachedGroupPolicies to ${model.names.readRolesPolicy} (step 3.5)${groups.length > 0 ? " or remove the user from its groups" : ""}.`,
      });
    }
    const extra = extraActions(allDocs, [...READ_ROLES_ACTIONS, ASSUME_ROLE_ACTION]);
    if (extra.length > 0) {
      emit({
        rule: "read-roles-actions-extra",
        severity: "warning",
        step: 3,
        accountId,
        message: `${user.name}, whose keys are stored on the beacon, may also ${listIds(extra)}.`,
        fix: `Detach other policies from ${user.name} and its groups; it needs only ${model.names.readRolesPolicy}.`,
      });
    }
  }

  // Role ARNs the beacon discovers: managed policies it can list (group ones only with ListAttachedGroupPolicies).
  const sources: AssumeRoleSource[] = [];
  for (const a of user.attachedPolicies) {
    const p = byArn.get(a.arn);
    if (p !== undefined) sources.push({ policyName: p.name, kind: "managed", resources: assumeRoleResources(p.document) });
  }
  for (const g of user.groups) {
    for (const a of g.attachedPolicies) {
      const p = byArn.get(a.arn);
      if (p !== undefined) sources.push({ policyName: `${p.name} (group ${g.name})`, kind: "group-managed", resources: assumeRoleResources(p.document) });
    }
    for (const i of g.inlinePolicies) sources.push({ policyName: `${i.name} (inline, group ${g.name})`, kind: "group-inline", resources: assumeRoleResources(i.document) });
  }
  for (const i of user.inlinePolicies) sources.push({ policyName: `${i.name} (inline)`, kind: "inline", resources: assumeRoleResources(i.document) });
  // Read-roles policies not attached anywhere still say what was intended; include them for the wildcard check only.
  for (const p of readRoles) {
    if (!sources.some((s) => s.policyName === p.name || s.policyName.startsWith(`${p.name} (group`))) {
      sources.push({ policyName: `${p.name} (not attached)`, kind: "inline", resources: assumeRoleResources(p.document) });
    }
  }

  for (const s of sources) {
    const wild = s.resources.filter((r) => hasWildcard(r) || r.startsWith("NotResource"));
    if (wild.length === 0) continue;
    emit({
      rule: "assume-role-wildcard",
      severity: "error",
      step: 3,
      accountId,
      message: `${s.policyName} allows sts:AssumeRole on ${listIds(wild)}: AWS accepts wildcards, but the beacon discovers accounts only from exact role ARNs, so no role will be assumed through them.`,
      fix: `List the exact ARN of every target role instead (e.g. ${roleArn(model, model.targetAccountIds[0] ?? model.homeAccountId)}); the portal's ${model.names.readRolesPolicy} does (step 3.8).`,
    });
  }

  const canListGroups = unknownPolicies.length > 0 || policiesAllow(allDocs, "iam:ListAttachedGroupPolicies");
  const discovered = new Set<string>();
  for (const s of sources) {
    if (s.kind === "managed" || (s.kind === "group-managed" && canListGroups)) for (const r of s.resources) if (!hasWildcard(r)) discovered.add(r);
  }
  const missingTargets = model.targetAccountIds.filter((id) => !discovered.has(roleArn(model, id)));
  for (const id of missingTargets) {
    emit({
      rule: "assume-role-missing-target",
      severity: "error",
      step: 3,
      accountId: id,
      message: `The exact ARN ${roleArn(model, id)} is not in any read-roles policy attached to ${user.name}: the beacon will not collect from account ${id}.`,
      fix: `Add it to ${model.names.readRolesPolicy} (step 3.8-3.9); the portal's rollout does.`,
    });
  }

  const targets = new Set(model.targetAccountIds);
  const observedTargets = new Map(state.targets.map((t) => [t.accountId, t]));
  for (const arn of [...discovered].sort()) {
    const parsed = parseIamArn(arn);
    const acct = parsed?.accountId ?? "";
    let reason: string | null = null;
    if (parsed === null || parsed.type !== "role") reason = "is not a role ARN";
    else if (!targets.has(acct)) reason = `is in account ${acct}, which is not a target of this connection`;
    else if (arn !== roleArn(model, acct)) reason = `is not the model's role (${roleArn(model, acct)})`;
    else {
      const t = observedTargets.get(acct);
      if (t !== undefined && t.readError === undefined && t.role === null) reason = "does not exist";
    }
    if (reason === null) continue;
    emit({
      rule: "assume-role-unknown-role",
      severity: "warning",
      step: 3,
      accountId: acct === "" ? undefined : acct,
      message: `The listed role ${arn} ${reason}: the beacon will try and fail to assume it on every run.`,
      fix: "Create the role there (steps 4-5), or remove the ARN from the read-roles policy.",
    });
  }

  const active = user.accessKeys.filter((k) => k.status === "Active");
  if (active.length === 0) {
    emit({
      rule: "access-key-missing",
      severity: "error",
      step: 6,
      accountId,
      message: `${user.name} has no active access key: the beacon has nothing to sign in with.`,
      fix: "Create an access key (step 6.8) and enter it in the beacon's connection (step 8.3).",
    });
  }
  if (user.accessKeys.length >= 2) {
    emit({
      rule: "access-keys-full",
      severity: "warning",
      step: 6,
      accountId,
      message: `${user.name} has 2 access keys, IAM's maximum: a new key cannot be created, so rotation is blocked.`,
      fix: "Delete the key the beacon does not use (check its last-used date first).",
    });
  }
  const attachedCount = user.attachedPolicies.length;
  if (attachedCount > USER_ATTACHED_POLICIES_DEFAULT_QUOTA) {
    emit({
      rule: "read-roles-policy-count",
      severity: attachedCount > USER_ATTACHED_POLICIES_MAX_QUOTA ? "error" : "warning",
      step: 6,
      accountId,
      message: `${user.name} has ${attachedCount} managed policies attached; IAM's default quota is ${USER_ATTACHED_POLICIES_DEFAULT_QUOTA} (at most ${USER_ATTACHED_POLICIES_MAX_QUOTA} after an increase).`,
      fix: "Make sure the account's quota allows it, or detach policies the collector does not need.",
    });
  }
}

// ---------- whole connection ----------

function lintExternalIdConsistency(emit: Emit, state: ObservedState) {
  const byId = new Map<string, string[]>();
  for (const t of state.targets) {
    if (t.role === null) continue;
    const ids = externalIdsOf(t.role.trustPolicy);
    const key = ids.length === 0 ? "(none)" : [...ids].sort().join("\u0000");
    byId.set(key, [...(byId.get(key) ?? []), t.accountId]);
  }
  if (byId.size <= 1) return;
  // Name the accounts per group, never the IDs themselves: they are shared secrets in spirit.
  const groups = [...byId.entries()].map(([k, accts], i) => `${k === "(none)" ? "no external ID" : `external ID #${i + 1}`}: ${listIds(accts.sort())}`);
  emit({
    rule: "external-id-inconsistent",
    severity: "error",
    step: 4,
    message: `The roles do not all require the same external ID (${groups.join("; ")}); one connection has one External ID field, so some accounts will fail.`,
    fix: "Use the same external ID in every account's role (step 4.5: \"ensure you use the same external ID each time\").",
  });
}

function lintModel(emit: Emit, model: AccessModel) {
  if (model.rdsScope.kind !== "patterns") return;
  const pinned = model.rdsScope.patterns.filter((p) => !p.instanceName.includes("*"));
  if (pinned.length === 0) return;
  emit({
    rule: "rds-scope-pinned",
    severity: "warning",
    step: 2,
    message: `The model's RDS scope names instances (${listIds(pinned.map((p) => `${p.region}/${p.instanceName}`))}): databases created or renamed later are not inventoried.`,
    fix: "Use \"all\" or wildcard patterns unless the restriction is deliberate.",
  });
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    a.step - b.step ||
    (a.accountId ?? "").localeCompare(b.accountId ?? "") ||
    a.rule.localeCompare(b.rule) ||
    a.message.localeCompare(b.message)
  );
}

/**
 * Compares what exists (`observed`) with what the model intends and explains every known pitfall
 * of the procedure: severity, step, account, and a concrete fix. Sorted: errors first, then by
 * step, then by account. Pure: the same inputs give the same findings.
 */
export function lintAccess(model: AccessModel, observed: ObservedState): Finding[] {
  const findings: Finding[] = [];
  const emit: Emit = (f) => {
    const finding: Finding = { rule: f.rule, severity: f.severity, step: f.step, message: f.message, fix: f.fix };
    if (f.accountId !== undefined) finding.accountId = f.accountId;
    findings.push(finding);
  };
  lintModel(emit, model);
  lintHome(emit, model, observed);
  const observedById = new Map(observed.targets.map((t) => [t.accountId, t]));
  for (const id of model.targetAccountIds) {
    const t = observedById.get(id);
    if (t === undefined) {
      emit({
        rule: "target-unreadable",
        severity: "warning",
        step: 5,
        accountId: id,
        message: `Account ${id} is a target of the model but was not part of the observed state.`,
        fix: "Verify again including this account.",
      });
      continue;
    }
    lintTarget(emit, model, t);
  }
  lintExternalIdConsistency(emit, observed);
  return findings.sort(compareFindings);
}
