import type { AccessModel, ObservedManagedPolicy, ObservedState } from "@/lib/model/types";
import { buildInventoryPolicy, buildReadRolesPolicies, buildTrustPolicy, policyArn, roleArn, userArn } from "@/lib/policies";

/**
 * The observed state a perfect rollout of `model` would produce (one access key, one policy
 * version each). The linter reports nothing for it; tests and previews start from it and break
 * one thing at a time.
 */
export function idealObservedState(model: AccessModel): ObservedState {
  const managed = (accountId: string, name: string, document: ObservedManagedPolicy["document"]): ObservedManagedPolicy => ({
    arn: policyArn(accountId, model.rolePath, name),
    name,
    path: model.rolePath,
    defaultVersionId: "v1",
    versions: [{ versionId: "v1", isDefault: true }],
    document,
    attachmentCount: 1,
  });
  const readRoles = buildReadRolesPolicies(model).map((p) => managed(model.homeAccountId, p.name, p.document));
  return {
    home: {
      accountId: model.homeAccountId,
      user: {
        name: model.names.user,
        arn: userArn(model.homeAccountId, model.names.user),
        attachedPolicies: readRoles.map((p) => ({ name: p.name, arn: p.arn })),
        inlinePolicies: [],
        groups: [],
        accessKeys: [{ accessKeyId: "AKIAIDEALSTATE000001", status: "Active" }],
      },
      policies: readRoles,
    },
    targets: model.targetAccountIds.map((id) => {
      const inventory = managed(id, model.names.inventoryPolicy, buildInventoryPolicy(model, id));
      return {
        accountId: id,
        role: {
          name: model.names.role,
          arn: roleArn(model, id),
          path: model.rolePath,
          trustPolicy: buildTrustPolicy(model),
          maxSessionDurationSeconds: model.maxSessionDurationSeconds,
          attachedPolicies: [{ name: inventory.name, arn: inventory.arn }],
          inlinePolicies: [],
        },
        policies: [inventory],
      };
    }),
  };
}
