import "server-only";
import {
  DeleteAccessKeyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupsForUserCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  RemoveUserFromGroupCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { awsErrorCode } from "@/lib/aws/errors";
import type { AccessModel } from "@/lib/model/types";
import { buildReadRolesPolicies, policyArn } from "@/lib/policies";

export interface CleanupStep {
  what: string;
  outcome: "deleted" | "absent" | "kept";
  note?: string;
}

const absent = (err: unknown) => awsErrorCode(err) === "NoSuchEntity";

/**
 * Deletes a managed policy the portal created: only when nothing but `allowedAttachment` uses it (a
 * policy someone else attached elsewhere is kept and reported).
 */
async function deleteManagedPolicy(iam: IAMClient, arn: string, detachFrom: { role?: string; user?: string }): Promise<CleanupStep> {
  try {
    if (detachFrom.role) await iam.send(new DetachRolePolicyCommand({ RoleName: detachFrom.role, PolicyArn: arn })).catch((e) => (absent(e) ? undefined : Promise.reject(e)));
    if (detachFrom.user) await iam.send(new DetachUserPolicyCommand({ UserName: detachFrom.user, PolicyArn: arn })).catch((e) => (absent(e) ? undefined : Promise.reject(e)));
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    const others = [...(entities.PolicyRoles ?? []).map((r) => `role ${r.RoleName}`), ...(entities.PolicyUsers ?? []).map((u) => `user ${u.UserName}`), ...(entities.PolicyGroups ?? []).map((g) => `group ${g.GroupName}`)];
    if (others.length) return { what: `policy ${arn}`, outcome: "kept", note: `still attached to ${others.join(", ")}` };
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    for (const v of versions.Versions ?? []) if (!v.IsDefaultVersion) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    return { what: `policy ${arn}`, outcome: "deleted" };
  } catch (err) {
    if (absent(err)) return { what: `policy ${arn}`, outcome: "absent" };
    throw err;
  }
}

/** A target account's inventory role and inventory policy (procedure steps 2 and 4 undone). */
export async function cleanupTarget(iam: IAMClient, model: AccessModel, accountId: string): Promise<CleanupStep[]> {
  const steps: CleanupStep[] = [];
  const RoleName = model.names.role;
  const inventoryArn = policyArn(accountId, model.rolePath, model.names.inventoryPolicy);
  try {
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }));
    for (const p of attached.AttachedPolicies ?? []) await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: p.PolicyArn }));
    const inline = await iam.send(new ListRolePoliciesCommand({ RoleName }));
    for (const PolicyName of inline.PolicyNames ?? []) await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
    await iam.send(new DeleteRoleCommand({ RoleName }));
    steps.push({ what: `role ${RoleName}`, outcome: "deleted" });
  } catch (err) {
    if (!absent(err)) throw err;
    steps.push({ what: `role ${RoleName}`, outcome: "absent" });
  }
  steps.push(await deleteManagedPolicy(iam, inventoryArn, {}));
  return steps;
}

/** The home account's collector user (keys, policies, groups) and read-roles policies (steps 3 and 6 undone). */
export async function cleanupHome(iam: IAMClient, model: AccessModel): Promise<CleanupStep[]> {
  const steps: CleanupStep[] = [];
  const UserName = model.names.user;
  const readRoles = buildReadRolesPolicies(model).map((p) => policyArn(model.homeAccountId, model.rolePath, p.name));
  try {
    const keys = await iam.send(new ListAccessKeysCommand({ UserName }));
    for (const k of keys.AccessKeyMetadata ?? []) await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: k.AccessKeyId }));
    const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName }));
    for (const p of attached.AttachedPolicies ?? []) await iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn: p.PolicyArn }));
    const inline = await iam.send(new ListUserPoliciesCommand({ UserName }));
    for (const PolicyName of inline.PolicyNames ?? []) await iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName }));
    const groups = await iam.send(new ListGroupsForUserCommand({ UserName }));
    for (const g of groups.Groups ?? []) await iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName: g.GroupName }));
    await iam.send(new DeleteUserCommand({ UserName }));
    steps.push({ what: `user ${UserName} (with its access keys)`, outcome: "deleted" });
  } catch (err) {
    if (!absent(err)) throw err;
    steps.push({ what: `user ${UserName}`, outcome: "absent" });
  }
  for (const arn of readRoles) steps.push(await deleteManagedPolicy(iam, arn, {}));
  return steps;
}
