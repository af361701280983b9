import "server-only";
import { GetRoleCommand, SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { AwsClients } from "@/lib/aws/clients";
import { AwsOperationError, toAwsOperationError } from "@/lib/aws/errors";
import { requiredPermissions, simulationSourceArn } from "./required-permissions";
import type { DraftModel, MissingPermission } from "@/lib/connections/types";

export interface HomeAccessCheck {
  accountId: string;
  principalArn: string;
  missing: MissingPermission[];
  /** Set when the permissions could not be checked (then `missing` is empty and means "unknown"). */
  checkNote?: string;
}

/**
 * Step 1, automated: who the pasted credentials belong to (sts:GetCallerIdentity, which needs no
 * permission) and which of the setup's IAM actions that identity lacks, found with
 * iam:SimulatePrincipalPolicy — read-only, so nothing changes before the admin has seen the plan.
 */
export async function checkHomeAccess(clients: AwsClients, input: { draft: DraftModel; adminRoleArns: string[] }): Promise<HomeAccessCheck> {
  const me = await clients.sts.send(new GetCallerIdentityCommand({}));
  const accountId = me.Account ?? "";
  const principalArn = me.Arn ?? "";
  const source = simulationSourceArn(principalArn);
  if (source.kind === "root") {
    return { accountId, principalArn, missing: [], checkNote: "These are the account's root user credentials: they may do everything. AWS recommends an administrator user or role instead." };
  }
  if (source.kind === "unsupported") {
    return { accountId, principalArn, missing: [], checkNote: "This kind of identity cannot be simulated; missing permissions will show in the plan." };
  }
  let sourceArn = source.arn;
  if (source.roleName) {
    // The session ARN drops the role's path; the simulation needs the role's real ARN.
    const role = await clients.iam.send(new GetRoleCommand({ RoleName: source.roleName })).catch(() => undefined);
    if (role?.Role?.Arn) sourceArn = role.Role.Arn;
  }
  const groups = requiredPermissions({ homeAccountId: accountId, draft: input.draft, adminRoleArns: input.adminRoleArns });
  const missing: MissingPermission[] = [];
  try {
    for (const group of groups) {
      const out = await clients.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: sourceArn, ActionNames: group.actions, ResourceArns: [group.resource] }));
      for (const r of out.EvaluationResults ?? []) {
        if (r.EvalDecision !== "allowed") missing.push({ action: r.EvalActionName ?? "?", resource: r.EvalResourceName ?? group.resource, neededFor: group.neededFor });
      }
    }
  } catch (err) {
    const e = err instanceof AwsOperationError ? err : toAwsOperationError(err, { action: "iam:SimulatePrincipalPolicy" });
    if (e.code === "AWS_ACCESS_DENIED") {
      return { accountId, principalArn, missing: [], checkNote: "These credentials may not run iam:SimulatePrincipalPolicy, so the permissions could not be checked in advance; the plan will show anything that cannot be read." };
    }
    throw e;
  }
  return { accountId, principalArn, missing };
}
