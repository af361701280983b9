import "server-only";
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyVersionCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListPolicyVersionsCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import type { PolicyDocument } from "@/lib/model/types";
import { policiesEquivalent, policyArn } from "@/lib/policies";
import { decodePolicyDocument, encodePolicyDocument } from "../documents";
import { awsErrorCode } from "../errors";
import type { OperationResult, PlannedChange } from "./types";

export interface DesiredManagedPolicy {
  accountId: string;
  name: string;
  path: string;
  document: PolicyDocument;
  description?: string;
}

/** IAM keeps at most five versions of a managed policy. */
export const MAX_POLICY_VERSIONS = 5;

export type ManagedPolicyState =
  | { exists: false; arn: string }
  | {
      exists: true;
      arn: string;
      defaultVersionId: string;
      /** The default version's document. */
      document: PolicyDocument;
      matches: boolean;
      /** Only read when a new version is needed: the version to delete first when five exist. */
      versionToDelete?: string;
      versionCount?: number;
    };

/** Read-only: what exists, and whether it already has the document. 1–3 IAM reads. */
export async function inspectManagedPolicy(iam: IAMClient, desired: DesiredManagedPolicy): Promise<ManagedPolicyState> {
  const arn = policyArn(desired.accountId, desired.path, desired.name);
  let defaultVersionId: string | undefined;
  try {
    const out = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    defaultVersionId = out.Policy?.DefaultVersionId;
  } catch (err) {
    if (awsErrorCode(err) === "NoSuchEntity") return { exists: false, arn };
    throw err;
  }
  const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: defaultVersionId ?? "v1" }));
  const document = decodePolicyDocument(version.PolicyVersion?.Document, `policy ${arn}`);
  const versionId = defaultVersionId ?? version.PolicyVersion?.VersionId ?? "v1";
  if (policiesEquivalent(document, desired.document)) return { exists: true, arn, defaultVersionId: versionId, document, matches: true };

  const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
  const list = versions.Versions ?? [];
  let versionToDelete: string | undefined;
  if (list.length >= MAX_POLICY_VERSIONS) {
    const oldest = list
      .filter((v) => !v.IsDefaultVersion && v.VersionId)
      .sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0) || versionNumber(a.VersionId) - versionNumber(b.VersionId))[0];
    versionToDelete = oldest?.VersionId;
  }
  return { exists: true, arn, defaultVersionId: versionId, document, matches: false, versionToDelete, versionCount: list.length };
}

function versionNumber(id: string | undefined): number {
  return Number((id ?? "v0").slice(1)) || 0;
}

export function plannedManagedPolicyChanges(state: ManagedPolicyState, desired: DesiredManagedPolicy): PlannedChange[] {
  if (!state.exists) {
    return [{ kind: "create-policy", action: "iam:CreatePolicy", arn: state.arn, description: `Create managed policy ${desired.name}` }];
  }
  if (state.matches) return [];
  const changes: PlannedChange[] = [];
  if (state.versionToDelete) {
    changes.push({
      kind: "delete-policy-version",
      action: "iam:DeletePolicyVersion",
      arn: state.arn,
      description: `Delete the oldest non-default version ${state.versionToDelete} of ${desired.name} (IAM keeps at most ${MAX_POLICY_VERSIONS})`,
    });
  }
  changes.push({
    kind: "new-policy-version",
    action: "iam:CreatePolicyVersion",
    arn: state.arn,
    description: `Add a new default version of ${desired.name} with the intended document (replacing ${state.defaultVersionId})`,
  });
  return changes;
}

/** Applies what `inspectManagedPolicy` found; returns what it did. */
export async function applyManagedPolicy(iam: IAMClient, desired: DesiredManagedPolicy, state: ManagedPolicyState): Promise<OperationResult & { versionId?: string }> {
  if (!state.exists) {
    try {
      const out = await iam.send(
        new CreatePolicyCommand({
          PolicyName: desired.name,
          Path: desired.path,
          PolicyDocument: encodePolicyDocument(desired.document),
          Description: desired.description,
        }),
      );
      return { outcome: "created", arn: out.Policy?.Arn ?? state.arn, versionId: out.Policy?.DefaultVersionId ?? "v1" };
    } catch (err) {
      // Someone (a parallel run, an admin) created it since we looked: converge on theirs.
      if (awsErrorCode(err) !== "EntityAlreadyExists") throw err;
      const again = await inspectManagedPolicy(iam, desired);
      if (!again.exists) throw err;
      return applyManagedPolicy(iam, desired, again);
    }
  }
  if (state.matches) return { outcome: "unchanged", arn: state.arn, versionId: state.defaultVersionId };
  const details: string[] = [];
  if (state.versionToDelete) {
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: state.arn, VersionId: state.versionToDelete }));
    details.push(`deleted old version ${state.versionToDelete} (IAM keeps at most ${MAX_POLICY_VERSIONS})`);
  }
  const out = await iam.send(
    new CreatePolicyVersionCommand({ PolicyArn: state.arn, PolicyDocument: encodePolicyDocument(desired.document), SetAsDefault: true }),
  );
  const versionId = out.PolicyVersion?.VersionId;
  details.push(`new default version ${versionId ?? "?"} replaces ${state.defaultVersionId}`);
  return { outcome: "updated", arn: state.arn, versionId, details };
}

/** Ensures the managed policy exists with exactly this document (semantically). */
export async function ensureManagedPolicy(iam: IAMClient, desired: DesiredManagedPolicy): Promise<OperationResult & { versionId?: string }> {
  return applyManagedPolicy(iam, desired, await inspectManagedPolicy(iam, desired));
}
