import "server-only";
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  type AttachedPolicy,
  type IAMClient,
} from "@aws-sdk/client-iam";
import type { PolicyDocument } from "@/lib/model/types";
import { policiesEquivalent } from "@/lib/policies";
import { decodePolicyDocument, encodePolicyDocument } from "../documents";
import { awsErrorCode } from "../errors";
import { collectIamPages } from "../paginate";
import type { OperationResult, PlannedChange } from "./types";

export interface DesiredRole {
  accountId: string;
  name: string;
  path: string;
  trustPolicy: PolicyDocument;
  maxSessionDurationSeconds: number;
  /** The managed policy the role must have attached. */
  policyArn: string;
  description?: string;
}

export type RoleState =
  | { exists: false; arn: string }
  | {
      exists: true;
      arn: string;
      path: string;
      trustPolicy: PolicyDocument;
      trustMatches: boolean;
      maxSessionDurationSeconds: number;
      attached: boolean;
      otherAttachments: string[];
    };

function arnOf(d: DesiredRole): string {
  return `arn:aws:iam::${d.accountId}:role${d.path}${d.name}`;
}

/** Read-only: GetRole, and ListAttachedRolePolicies when the role exists. */
export async function inspectRole(iam: IAMClient, desired: DesiredRole): Promise<RoleState> {
  let role;
  try {
    role = (await iam.send(new GetRoleCommand({ RoleName: desired.name }))).Role;
  } catch (err) {
    if (awsErrorCode(err) === "NoSuchEntity") return { exists: false, arn: arnOf(desired) };
    throw err;
  }
  const trustPolicy = decodePolicyDocument(role?.AssumeRolePolicyDocument, `trust policy of role ${desired.name}`);
  const attachedList = await collectIamPages<AttachedPolicy>(async (Marker) => {
    const out = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: desired.name, Marker }));
    return { items: out.AttachedPolicies, isTruncated: out.IsTruncated, marker: out.Marker };
  });
  return {
    exists: true,
    arn: role?.Arn ?? arnOf(desired),
    path: role?.Path ?? "/",
    trustPolicy,
    trustMatches: policiesEquivalent(trustPolicy, desired.trustPolicy),
    maxSessionDurationSeconds: role?.MaxSessionDuration ?? 3600,
    attached: attachedList.some((p) => p.PolicyArn === desired.policyArn),
    otherAttachments: attachedList.filter((p) => p.PolicyArn !== desired.policyArn).map((p) => p.PolicyArn ?? p.PolicyName ?? "?"),
  };
}

/** Whether a trust policy lets a principal in only with an `sts:ExternalId` (any condition operator). */
export function trustRequiresExternalId(trust: PolicyDocument): boolean {
  const allows = trust.Statement.filter((st) => st.Effect === "Allow");
  return allows.length > 0 && allows.every((st) => Object.values(st.Condition ?? {}).some((block) => Object.keys(block).some((k) => k.toLowerCase() === "sts:externalid")));
}

/** Every plan line that creates or replaces a trust says whether it requires the external ID. */
function trustSuffix(desired: DesiredRole): string {
  return trustRequiresExternalId(desired.trustPolicy) ? "requires external ID" : "no external ID";
}

export function plannedRoleChanges(state: RoleState, desired: DesiredRole): PlannedChange[] {
  if (!state.exists) {
    return [
      { kind: "create-role", action: "iam:CreateRole", arn: state.arn, description: `Create role ${desired.name} trusting the home account (${trustSuffix(desired)})` },
      { kind: "attach-role-policy", action: "iam:AttachRolePolicy", arn: state.arn, description: `Attach ${desired.policyArn} to ${desired.name}` },
    ];
  }
  const changes: PlannedChange[] = [];
  if (!state.trustMatches) {
    changes.push({ kind: "update-trust-policy", action: "iam:UpdateAssumeRolePolicy", arn: state.arn, description: `Replace the trust policy of ${desired.name} (${trustSuffix(desired)})` });
  }
  if (state.maxSessionDurationSeconds !== desired.maxSessionDurationSeconds) {
    changes.push({
      kind: "update-max-session",
      action: "iam:UpdateRole",
      arn: state.arn,
      description: `Set the maximum session duration of ${desired.name} to ${desired.maxSessionDurationSeconds} s (is ${state.maxSessionDurationSeconds} s)`,
    });
  }
  if (!state.attached) {
    changes.push({ kind: "attach-role-policy", action: "iam:AttachRolePolicy", arn: state.arn, description: `Attach ${desired.policyArn} to ${desired.name}` });
  }
  return changes;
}

/** Notes about what exists and is deliberately left alone. */
function notes(state: RoleState, desired: DesiredRole): string[] {
  if (!state.exists) return [];
  const out: string[] = [];
  if (state.path !== desired.path) out.push(`role exists with path ${state.path}, not ${desired.path} (IAM cannot move a role; left as is)`);
  for (const other of state.otherAttachments) out.push(`also attached (left alone): ${other}`);
  return out;
}

/** `changed` is true when the role was created or its trust changed: the caller should expect propagation. */
export async function applyRole(
  iam: IAMClient,
  desired: DesiredRole,
  state: RoleState,
  /** Settles when the policy to attach exists: lets the caller create policy and role concurrently. */
  policyReady: Promise<unknown> = Promise.resolve(),
): Promise<OperationResult & { trustChanged: boolean }> {
  if (!state.exists) {
    let arn = state.arn;
    try {
      const out = await iam.send(
        new CreateRoleCommand({
          RoleName: desired.name,
          Path: desired.path,
          AssumeRolePolicyDocument: encodePolicyDocument(desired.trustPolicy),
          MaxSessionDuration: desired.maxSessionDurationSeconds,
          Description: desired.description,
        }),
      );
      arn = out.Role?.Arn ?? arn;
    } catch (err) {
      if (awsErrorCode(err) !== "EntityAlreadyExists") throw err;
      const again = await inspectRole(iam, desired);
      if (!again.exists) throw err;
      return applyRole(iam, desired, again, policyReady);
    }
    await policyReady;
    await iam.send(new AttachRolePolicyCommand({ RoleName: desired.name, PolicyArn: desired.policyArn }));
    return { outcome: "created", arn, trustChanged: true, details: [`attached ${desired.policyArn}`] };
  }
  const details = notes(state, desired);
  let changed = false;
  const writes: Promise<unknown>[] = [];
  if (!state.trustMatches) {
    writes.push(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: desired.name, PolicyDocument: encodePolicyDocument(desired.trustPolicy) })));
    details.push("trust policy replaced");
    changed = true;
  }
  if (state.maxSessionDurationSeconds !== desired.maxSessionDurationSeconds) {
    writes.push(iam.send(new UpdateRoleCommand({ RoleName: desired.name, MaxSessionDuration: desired.maxSessionDurationSeconds })));
    details.push(`maximum session ${state.maxSessionDurationSeconds} s → ${desired.maxSessionDurationSeconds} s`);
    changed = true;
  }
  if (!state.attached) {
    writes.push(policyReady.then(() => iam.send(new AttachRolePolicyCommand({ RoleName: desired.name, PolicyArn: desired.policyArn }))));
    details.push(`attached ${desired.policyArn}`);
    changed = true;
  }
  // Independent writes on one role: no ordering between them matters, so do not serialize the latency.
  await Promise.all(writes);
  return { outcome: changed ? "updated" : "unchanged", arn: state.arn, trustChanged: !state.trustMatches, details: details.length ? details : undefined };
}

/** Ensures the role exists with this trust policy and maximum session, and has the policy attached. */
export async function ensureRole(iam: IAMClient, desired: DesiredRole): Promise<OperationResult & { trustChanged: boolean }> {
  return applyRole(iam, desired, await inspectRole(iam, desired));
}
