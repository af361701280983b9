import "server-only";
import {
  AttachUserPolicyCommand,
  CreateUserCommand,
  GetUserCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  type AttachedPolicy,
  type Group,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { awsErrorCode } from "../errors";
import { collectIamPages } from "../paginate";
import { describePlanNote, type PlanNote } from "./plan-notes";
import type { OperationResult, PlannedChange } from "./types";

export interface DesiredUser {
  accountId: string;
  name: string;
  /** Managed policies the user must have attached (the read-roles policy or policies). */
  policyArns: string[];
}

export type UserState =
  | { exists: false; arn: string }
  | {
      exists: true;
      arn: string;
      attachedPolicyArns: string[];
      /** Inline policy names: the beacon ignores them (procedure step 6.5). Reported, never removed. */
      inlinePolicyNames: string[];
      groupNames: string[];
    };

/** Read-only: GetUser, then its attached policies, inline policy names and groups. */
export async function inspectUser(iam: IAMClient, desired: DesiredUser): Promise<UserState> {
  let arn: string;
  try {
    const out = await iam.send(new GetUserCommand({ UserName: desired.name }));
    arn = out.User?.Arn ?? `arn:aws:iam::${desired.accountId}:user/${desired.name}`;
  } catch (err) {
    if (awsErrorCode(err) === "NoSuchEntity") return { exists: false, arn: `arn:aws:iam::${desired.accountId}:user/${desired.name}` };
    throw err;
  }
  const [attached, inline, groups] = await Promise.all([
    collectIamPages<AttachedPolicy>(async (Marker) => {
      const out = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: desired.name, Marker }));
      return { items: out.AttachedPolicies, isTruncated: out.IsTruncated, marker: out.Marker };
    }),
    collectIamPages<string>(async (Marker) => {
      const out = await iam.send(new ListUserPoliciesCommand({ UserName: desired.name, Marker }));
      return { items: out.PolicyNames, isTruncated: out.IsTruncated, marker: out.Marker };
    }),
    collectIamPages<Group>(async (Marker) => {
      const out = await iam.send(new ListGroupsForUserCommand({ UserName: desired.name, Marker }));
      return { items: out.Groups, isTruncated: out.IsTruncated, marker: out.Marker };
    }),
  ]);
  return {
    exists: true,
    arn,
    attachedPolicyArns: attached.map((p) => p.PolicyArn ?? "").filter(Boolean),
    inlinePolicyNames: inline,
    groupNames: groups.map((g) => g.GroupName ?? "").filter(Boolean),
  };
}

export function plannedUserChanges(state: UserState, desired: DesiredUser): PlannedChange[] {
  const changes: PlannedChange[] = [];
  if (!state.exists) {
    changes.push({ kind: "create-user", action: "iam:CreateUser", arn: state.arn, description: `Create user ${desired.name} (programmatic access only)` });
  }
  const attached = state.exists ? new Set(state.attachedPolicyArns) : new Set<string>();
  for (const p of desired.policyArns) {
    if (!attached.has(p)) changes.push({ kind: "attach-user-policy", action: "iam:AttachUserPolicy", arn: state.arn, description: `Attach ${p} to ${desired.name} (managed, never inline)` });
  }
  return changes;
}

/** What was found and deliberately not changed: the user decides (the beacon's pitfalls). */
export function userNotes(state: UserState, desired: DesiredUser): PlanNote[] {
  if (!state.exists) return [];
  const out: PlanNote[] = [];
  for (const name of state.inlinePolicyNames) out.push({ kind: "user-inline-policy", userName: desired.name, policyName: name });
  const wanted = new Set(desired.policyArns);
  for (const arn of state.attachedPolicyArns) if (!wanted.has(arn)) out.push({ kind: "user-policy-attached", userName: desired.name, policyArn: arn });
  for (const g of state.groupNames) out.push({ kind: "user-in-group", userName: desired.name, groupName: g });
  return out;
}

/**
 * Ensures the user exists with the managed policies attached. Inline policies, other attachments
 * and group memberships are reported in `details`, never removed.
 */
export async function applyUser(
  iam: IAMClient,
  desired: DesiredUser,
  state: UserState,
  /** Settles when the policies to attach exist (lets the caller create them concurrently). */
  policiesReady: Promise<unknown> = Promise.resolve(),
): Promise<OperationResult & { findings: string[] }> {
  let outcome: OperationResult["outcome"] = "unchanged";
  let arn = state.arn;
  const details: string[] = [];
  if (!state.exists) {
    try {
      const out = await iam.send(new CreateUserCommand({ UserName: desired.name }));
      arn = out.User?.Arn ?? arn;
      outcome = "created";
    } catch (err) {
      if (awsErrorCode(err) !== "EntityAlreadyExists") throw err;
      const again = await inspectUser(iam, desired);
      if (!again.exists) throw err;
      return applyUser(iam, desired, again, policiesReady);
    }
  }
  const attached = state.exists ? new Set(state.attachedPolicyArns) : new Set<string>();
  const missing = desired.policyArns.filter((p) => !attached.has(p));
  if (missing.length) {
    await policiesReady;
    await Promise.all(missing.map((PolicyArn) => iam.send(new AttachUserPolicyCommand({ UserName: desired.name, PolicyArn }))));
    details.push(...missing.map((p) => `attached ${p}`));
    if (outcome === "unchanged") outcome = "updated";
  }
  const findings = userNotes(state, desired).map(describePlanNote);
  return { outcome, arn, details: [...details, ...findings].length ? [...details, ...findings] : undefined, findings };
}

export async function ensureUser(iam: IAMClient, desired: DesiredUser): Promise<OperationResult & { findings: string[] }> {
  return applyUser(iam, desired, await inspectUser(iam, desired));
}
