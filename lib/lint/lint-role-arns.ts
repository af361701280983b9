/** Lint of the role ARNs the beacon discovers from the collector's policies (step 3.8): exact, complete, existing. Pure. */
import type { AccessModel, ObservedManagedPolicy, ObservedState, ObservedUser, PolicyDocument } from "@/lib/model/types";
import { ASSUME_ROLE_ACTION, allowStatements, asList, hasWildcard, parseIamArn, roleArn, statementCoversAction } from "@/lib/policies";
import { listIds, type Emit } from "./support";

interface AssumeRoleSource {
  policyName: string;
  kind: "managed" | "inline" | "group-managed" | "group-inline";
  resources: string[];
}

/** The resources a document allows sts:AssumeRole on (a NotResource as "NotResource ..."). */
export function assumeRoleResources(doc: PolicyDocument): string[] {
  const out: string[] = [];
  for (const s of allowStatements(doc)) {
    if (!statementCoversAction(s, ASSUME_ROLE_ACTION)) continue;
    if (s.NotResource !== undefined) out.push(`NotResource ${asList(s.NotResource).join(",")}`);
    out.push(...asList(s.Resource));
  }
  return out;
}

export function lintRoleArns(emit: Emit, model: AccessModel, state: ObservedState, user: ObservedUser, readRoles: readonly ObservedManagedPolicy[], canListGroups: boolean) {
  const accountId = model.homeAccountId;
  const byArn = new Map(state.home.policies.map((p) => [p.arn, p]));
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
    emit("assume-role-wildcard", {
      accountId,
      message: `${s.policyName} allows sts:AssumeRole on ${listIds(wild)}: AWS accepts wildcards, but the beacon discovers accounts only from exact role ARNs, so no role will be assumed through them.`,
      fix: `List the exact ARN of every target role instead (e.g. ${roleArn(model, model.targetAccountIds[0] ?? model.homeAccountId)}); the portal's ${model.names.readRolesPolicy} does (step 3.8).`,
    });
  }

  const discovered = new Set<string>();
  for (const s of sources) {
    if (s.kind === "managed" || (s.kind === "group-managed" && canListGroups)) for (const r of s.resources) if (!hasWildcard(r)) discovered.add(r);
  }
  const missingTargets = model.targetAccountIds.filter((id) => !discovered.has(roleArn(model, id)));
  for (const id of missingTargets) {
    emit("assume-role-missing-target", {
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
    emit("assume-role-unknown-role", {
      accountId: acct === "" ? undefined : acct,
      message: `The listed role ${arn} ${reason}: the beacon will try and fail to assume it on every run.`,
      fix: "Create the role there (steps 4-5), or remove the ARN from the read-roles policy.",
    });
  }
}
