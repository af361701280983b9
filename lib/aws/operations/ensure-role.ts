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
import { allowStatements, policiesEquivalent, statementRequiresExternalId } from "@/lib/policies";
import { decodePolicyDocument, encodePolicyDocument } from "../documents";
import { AwsOperationError, awsErrorCode, toAwsOperationError } from "../errors";
import { collectIamPages } from "../paginate";
import { describePlanNote, type PlanNote } from "./plan-notes";
import type { OperationResult, Outcome, PlannedChange } from "./types";

/**
 * The role was created or changed, then a later write of the same step failed (typically the
 * inventory policy: it could not be created, or not attached). Carries both facts: what was done
 * (`outcome`, `arn`) and the failure, in the message and the cause.
 */
export class AppliedThenFailedError extends AwsOperationError {
  constructor(
    readonly outcome: Exclude<Outcome, "unchanged">,
    readonly arn: string,
    failure: AwsOperationError,
    /** What is still missing, e.g. "arn:…:policy/X is not attached". */
    notDone: string,
  ) {
    super({
      ...failure.toJSON(),
      message: `${outcome === "created" ? "Created" : "Updated"} role ${arn}; ${notDone}: ${failure.message}`,
      cause: `Role ${arn} was ${outcome === "created" ? "created" : "changed"}, but ${notDone}. ${failure.cause}`,
      fix: `${failure.fix} Then run again: the role is kept and only what is missing is done.`,
    });
    this.name = "AppliedThenFailedError";
  }
}

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
  const allows = allowStatements(trust);
  return allows.length > 0 && allows.every(statementRequiresExternalId);
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

/** What exists and is deliberately left alone: the plan shows it, the run reports it in its details. */
export function roleNotes(state: RoleState, desired: DesiredRole): PlanNote[] {
  if (!state.exists) return [];
  const out: PlanNote[] = [];
  if (state.path !== desired.path) out.push({ kind: "role-path-differs", roleName: desired.name, path: state.path, wantedPath: desired.path });
  for (const other of state.otherAttachments) out.push({ kind: "role-policy-attached", roleName: desired.name, policyArn: other });
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
    // The role exists from here on: a failure below must not hide that it was created.
    try {
      await policyReady;
    } catch (err) {
      throw new AppliedThenFailedError("created", arn, toAwsOperationError(err), `${desired.policyArn} is not attached (the policy itself failed)`);
    }
    try {
      await iam.send(new AttachRolePolicyCommand({ RoleName: desired.name, PolicyArn: desired.policyArn }));
    } catch (err) {
      throw new AppliedThenFailedError("created", arn, toAwsOperationError(err, { action: "iam:AttachRolePolicy" }), `${desired.policyArn} is not attached`);
    }
    return { outcome: "created", arn, trustChanged: true, details: [`attached ${desired.policyArn}`] };
  }
  const details = roleNotes(state, desired).map(describePlanNote);
  let changed = false;
  const writes: { missing: string; action?: string; done: Promise<unknown> }[] = [];
  if (!state.trustMatches) {
    writes.push({ missing: "its trust policy was not replaced", action: "iam:UpdateAssumeRolePolicy", done: iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: desired.name, PolicyDocument: encodePolicyDocument(desired.trustPolicy) })) });
    details.push("trust policy replaced");
    changed = true;
  }
  if (state.maxSessionDurationSeconds !== desired.maxSessionDurationSeconds) {
    writes.push({ missing: "its maximum session was not changed", action: "iam:UpdateRole", done: iam.send(new UpdateRoleCommand({ RoleName: desired.name, MaxSessionDuration: desired.maxSessionDurationSeconds })) });
    details.push(`maximum session ${state.maxSessionDurationSeconds} s → ${desired.maxSessionDurationSeconds} s`);
    changed = true;
  }
  if (!state.attached) {
    writes.push({
      missing: `${desired.policyArn} is not attached`,
      done: policyReady.then(
        () => iam.send(new AttachRolePolicyCommand({ RoleName: desired.name, PolicyArn: desired.policyArn })).catch((err: unknown) => Promise.reject(toAwsOperationError(err, { action: "iam:AttachRolePolicy" }))),
        (err: unknown) => Promise.reject(toAwsOperationError(err)),
      ),
    });
    details.push(`attached ${desired.policyArn}`);
    changed = true;
  }
  // Independent writes on one role: no ordering between them matters, so do not serialize the latency.
  const settled = await Promise.allSettled(writes.map((w) => w.done));
  const failedAt = settled.findIndex((r) => r.status === "rejected");
  if (failedAt >= 0) {
    const failure = (settled[failedAt] as PromiseRejectedResult).reason;
    // Nothing was changed: the failure alone. Something was: both facts.
    if (!settled.some((r) => r.status === "fulfilled")) throw failure;
    const w = writes[failedAt]!;
    throw new AppliedThenFailedError("updated", state.arn, toAwsOperationError(failure, { action: w.action }), w.missing);
  }
  return { outcome: changed ? "updated" : "unchanged", arn: state.arn, trustChanged: !state.trustMatches, details: details.length ? details : undefined };
}

/** Ensures the role exists with this trust policy and maximum session, and has the policy attached. */
export async function ensureRole(iam: IAMClient, desired: DesiredRole): Promise<OperationResult & { trustChanged: boolean }> {
  return applyRole(iam, desired, await inspectRole(iam, desired));
}
