/** Lint of the home account: the read-roles policies, the collector user and the role ARNs it lists. Pure. */
import type { AccessModel, ObservedState } from "@/lib/model/types";
import { collectorPermissions, lintAccessKeys, lintUserAttachments, lintUserPermissions } from "./lint-collector-user";
import { lintReadRolesPolicies, readRolesPoliciesOf } from "./lint-read-roles-policies";
import { lintRoleArns } from "./lint-role-arns";
import type { Emit } from "./support";

export function lintHome(emit: Emit, model: AccessModel, state: ObservedState) {
  const readRoles = readRolesPoliciesOf(model, state.home);
  lintReadRolesPolicies(emit, model, readRoles);
  const user = state.home.user;
  if (user === null) {
    emit("user-missing", {
      accountId: model.homeAccountId,
      message: `The home account has no user ${model.names.user}.`,
      fix: `Create the user with programmatic access and attach ${model.names.readRolesPolicy} (step 6).`,
    });
    return;
  }
  lintUserAttachments(emit, model, user, readRoles);
  const permissions = collectorPermissions(user, state.home.policies);
  lintUserPermissions(emit, model, user, permissions);
  lintRoleArns(emit, model, state, user, readRoles, permissions.canListGroups);
  lintAccessKeys(emit, model, user);
}
