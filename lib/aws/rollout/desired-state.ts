/** What the rollout wants in each account, derived from the model. Pure. */
import type { AccessModel } from "@/lib/model/types";
import { buildInventoryPolicy, buildReadRolesPolicies, buildTrustPolicy, policyArn } from "@/lib/policies";
import type { DesiredManagedPolicy } from "../operations/ensure-managed-policy";
import type { DesiredRole } from "../operations/ensure-role";
import type { DesiredUser } from "../operations/ensure-user";

export function desiredForTarget(model: AccessModel, accountId: string): { policy: DesiredManagedPolicy; role: DesiredRole } {
  const policy: DesiredManagedPolicy = {
    accountId,
    name: model.names.inventoryPolicy,
    path: model.rolePath,
    document: buildInventoryPolicy(model, accountId),
    description: "FlexNet Beacon inventory: EC2, IAM account aliases and RDS, read-only (set up by Beaconport, procedure step 2)",
  };
  const role: DesiredRole = {
    accountId,
    name: model.names.role,
    path: model.rolePath,
    trustPolicy: buildTrustPolicy(model),
    maxSessionDurationSeconds: model.maxSessionDurationSeconds,
    policyArn: policyArn(accountId, model.rolePath, model.names.inventoryPolicy),
    description: "Assumed by the FlexNet Beacon collector user of the home account (set up by Beaconport, procedure step 4)",
  };
  return { policy, role };
}

export function desiredForHome(model: AccessModel): { policies: DesiredManagedPolicy[]; user: DesiredUser } {
  const policies = buildReadRolesPolicies(model).map(
    (p, i): DesiredManagedPolicy => ({
      accountId: model.homeAccountId,
      name: p.name,
      path: model.rolePath,
      document: p.document,
      description: `FlexNet Beacon collector: read its own policies and assume the inventory roles${i > 0 ? ` (part ${i + 1})` : ""} (set up by Beaconport, procedure step 3)`,
    }),
  );
  const user: DesiredUser = {
    accountId: model.homeAccountId,
    name: model.names.user,
    policyArns: policies.map((p) => policyArn(model.homeAccountId, p.path, p.name)),
  };
  return { policies, user };
}

/** The target accounts a rollout or plan processes: every target of the model, or those of `only` that are in it. */
export function rolloutTargets(model: AccessModel, only?: readonly string[]): string[] {
  const all = [...new Set(model.targetAccountIds)].sort();
  if (!only) return all;
  const wanted = new Set(only);
  return all.filter((id) => wanted.has(id));
}
