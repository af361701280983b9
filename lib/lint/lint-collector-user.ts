/** Lint of the collector user (step 6): how the read-roles policies reach it, what it may do, its access keys. Pure. */
import type { AccessModel, ObservedManagedPolicy, ObservedUser, PolicyDocument } from "@/lib/model/types";
import { awsCommand } from "@/lib/artefacts/quote";
import {
  ASSUME_ROLE_ACTION,
  READ_ROLES_ACTIONS,
  USER_ATTACHED_POLICIES_DEFAULT_QUOTA,
  USER_ATTACHED_POLICIES_MAX_QUOTA,
  policiesAllow,
} from "@/lib/policies";
import { assumeRoleResources } from "./lint-role-arns";
import { attachedDocuments, extraActions, listIds, type Emit } from "./support";

function grantsReadRoles(doc: PolicyDocument): boolean {
  return assumeRoleResources(doc).length > 0 || READ_ROLES_ACTIONS.some((a) => policiesAllow([doc], a));
}

/** The inline policies of the user and of its groups, each with where it is. */
function inlineSources(user: ObservedUser): { where: string; doc: PolicyDocument }[] {
  return [
    ...user.inlinePolicies.map((i) => ({ where: `inline policy ${i.name} of ${user.name}`, doc: i.document })),
    ...user.groups.flatMap((g) => g.inlinePolicies.map((i) => ({ where: `inline policy ${i.name} of group ${g.name}`, doc: i.document }))),
  ];
}

/** The read-roles policies are attached to the user as managed policies, not through a group or inline. */
export function lintUserAttachments(emit: Emit, model: AccessModel, user: ObservedUser, readRoles: readonly ObservedManagedPolicy[]) {
  const accountId = model.homeAccountId;
  const userAttachedArns = new Set(user.attachedPolicies.map((a) => a.arn));
  const groupAttachedArns = new Set(user.groups.flatMap((g) => g.attachedPolicies.map((a) => a.arn)));
  for (const p of readRoles) {
    if (userAttachedArns.has(p.arn)) continue;
    const viaGroup = groupAttachedArns.has(p.arn);
    emit("read-roles-not-attached", {
      accountId,
      message: viaGroup
        ? `Policy ${p.name} reaches ${user.name} only through a group; the procedure attaches it to the user, and the beacon then also depends on iam:ListAttachedGroupPolicies.`
        : `Policy ${p.name} is not attached to ${user.name}: the beacon does not see the roles it lists.`,
      fix: `Attach it as a managed policy, not an inline policy (step 6.5-6.6): ${awsCommand("iam", "attach-user-policy", "--user-name", user.name, "--policy-arn", p.arn)}`,
    }, { severity: viaGroup ? "warning" : "error" });
  }

  for (const s of inlineSources(user)) {
    if (!grantsReadRoles(s.doc)) continue;
    emit("read-roles-inline", {
      accountId,
      message: `Read-roles permissions are in the ${s.where}: the beacon only reads managed policies, so no inventory can be collected through it.`,
      fix: `Move them into the managed policy ${model.names.readRolesPolicy}, attach that to the user, and delete the inline policy (step 6.5).`,
    });
  }
}

/** Everything that applies to the user, for "is it allowed at all". */
export interface CollectorPermissions {
  docs: PolicyDocument[];
  /** Attached policy ARNs that were not observed: their permissions are unknown. */
  unknownPolicies: string[];
  /** Whether the beacon may read the group's policies (assumed when some policy could not be read). */
  canListGroups: boolean;
}

export function collectorPermissions(user: ObservedUser, policies: readonly ObservedManagedPolicy[]): CollectorPermissions {
  const userManaged = attachedDocuments(user.attachedPolicies, [], policies);
  const groupManaged = attachedDocuments(user.groups.flatMap((g) => g.attachedPolicies), [], policies);
  const docs = [...userManaged.docs, ...groupManaged.docs, ...inlineSources(user).map((s) => s.doc)];
  const unknownPolicies = [...userManaged.unknown, ...groupManaged.unknown];
  return { docs, unknownPolicies, canListGroups: unknownPolicies.length > 0 || policiesAllow(docs, "iam:ListAttachedGroupPolicies") };
}

/** The user may do what the beacon calls (step 3's IAM reads) and no more; only when every policy could be read. */
export function lintUserPermissions(emit: Emit, model: AccessModel, user: ObservedUser, permissions: CollectorPermissions) {
  const accountId = model.homeAccountId;
  const allDocs = permissions.docs;
  if (permissions.unknownPolicies.length > 0) return;
  const missing = READ_ROLES_ACTIONS.filter((a) => a !== "iam:ListAttachedGroupPolicies" && !policiesAllow(allDocs, a));
  if (missing.length > 0) {
    emit("read-roles-actions-missing", {
      accountId,
      message: `${user.name} is not allowed ${missing.join(", ")}: the connection test and role discovery fail.`,
      fix: `Use the portal's ${model.names.readRolesPolicy} (step 3.4-3.5), attached to ${user.name}.`,
    });
  }
  if (!policiesAllow(allDocs, "iam:ListAttachedGroupPolicies")) {
    const groups = user.groups.map((g) => g.name);
    emit("group-policies-not-granted", {
      accountId,
      message:
        groups.length > 0
          ? `${user.name} is in group(s) ${listIds(groups)} but may not call iam:ListAttachedGroupPolicies: per the procedure, no inventory can be collected at all.`
          : `${user.name} may not call iam:ListAttachedGroupPolicies; harmless while the user is in no group, fatal once it is added to one.`,
      fix: `Add iam:ListAttachedGroupPolicies to ${model.names.readRolesPolicy} (step 3.5)${groups.length > 0 ? " or remove the user from its groups" : ""}.`,
    }, { severity: groups.length > 0 ? "error" : "warning" });
  }
  const extra = extraActions(allDocs, [...READ_ROLES_ACTIONS, ASSUME_ROLE_ACTION]);
  if (extra.length > 0) {
    emit("read-roles-actions-extra", {
      accountId,
      message: `${user.name}, whose keys are stored on the beacon, may also ${listIds(extra)}.`,
      fix: `Detach other policies from ${user.name} and its groups; it needs only ${model.names.readRolesPolicy}.`,
    });
  }
}

/** An active access key to sign in with, a free slot to rotate, and room under the user's policy quota. */
export function lintAccessKeys(emit: Emit, model: AccessModel, user: ObservedUser) {
  const accountId = model.homeAccountId;
  const active = user.accessKeys.filter((k) => k.status === "Active");
  if (active.length === 0) {
    emit("access-key-missing", {
      accountId,
      message: `${user.name} has no active access key: the beacon has nothing to sign in with.`,
      fix: "Create an access key (step 6.8) and enter it in the beacon's connection (step 8.3).",
    });
  }
  if (user.accessKeys.length >= 2) {
    emit("access-keys-full", {
      accountId,
      message: `${user.name} has 2 access keys, IAM's maximum: a new key cannot be created, so rotation is blocked.`,
      fix: "Delete the key the beacon does not use (check its last-used date first).",
    });
  }
  const attachedCount = user.attachedPolicies.length;
  if (attachedCount > USER_ATTACHED_POLICIES_DEFAULT_QUOTA) {
    emit("read-roles-policy-count", {
      accountId,
      message: `${user.name} has ${attachedCount} managed policies attached; IAM's default quota is ${USER_ATTACHED_POLICIES_DEFAULT_QUOTA} (at most ${USER_ATTACHED_POLICIES_MAX_QUOTA} after an increase).`,
      fix: "Make sure the account's quota allows it, or detach policies the collector does not need.",
    }, { severity: attachedCount > USER_ATTACHED_POLICIES_MAX_QUOTA ? "error" : "warning", step: 6 });
  }
}
