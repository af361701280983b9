/** Lint of one target account: the inventory role (step 4), its trust, and the inventory policy (step 2). Pure. */
import type { AccessModel, ObservedManagedPolicy, ObservedRole, ObservedTarget, PolicyDocument } from "@/lib/model/types";
import { awsCommand } from "@/lib/artefacts/quote";
import {
  ASSUME_ROLE_ACTION,
  INVENTORY_ACTIONS,
  MANAGED_POLICY_MAX,
  RDS_ACTION,
  TRUST_POLICY_MAX,
  accountRootArn,
  allowStatements,
  asList,
  buildInventoryPolicy,
  diffPolicies,
  externalIdsOf,
  policiesAllow,
  principalsOf,
  roleArn,
  statementCoversAction,
  userArn,
} from "@/lib/policies";
import { attachedDocuments, extraActions, listIds, sizeChecks, versionCheck, type Emit } from "./support";

/** The role's trust policy: who may assume it, and with which external ID. */
function lintTrust(emit: Emit, model: AccessModel, role: ObservedRole, accountId: string) {
  const home = model.homeAccountId;
  const accepted = new Set([home, accountRootArn(home), userArn(home, model.names.user)]);
  // Who may assume the role (principalsOf names AWS principals by their bare ARN or account ID).
  const principals = principalsOf({ ...role.trustPolicy, Statement: allowStatements(role.trustPolicy).filter((s) => statementCoversAction(s, ASSUME_ROLE_ACTION)) });
  const trustsHome = principals.some((p) => accepted.has(p));
  const others = principals.filter((p) => !accepted.has(p));
  if (!trustsHome || others.length > 0) {
    const parts: string[] = [];
    if (!trustsHome) parts.push(`does not trust the home account ${home}`);
    if (others.length > 0) parts.push(`also trusts ${others.join(", ")}`);
    emit("trust-principal-mismatch", {
      accountId,
      message: `Role ${role.name}'s trust policy ${parts.join(" and ")}.`,
      fix: `Set the trust policy's principal to the home account only ("AWS": "${accountRootArn(home)}"), as "Another AWS account" does in step 4.3-4.4; the portal's trust-policy.json has it.`,
    });
  }
  const ids = externalIdsOf(role.trustPolicy);
  if (model.externalId !== undefined && ids.length === 0) {
    emit("external-id-missing", {
      accountId,
      message: `Role ${role.name} does not require an external ID, but the connection uses one.`,
      fix: "Add the condition StringEquals sts:ExternalId with the connection's external ID to the role's trust policy (Require external ID, step 4.5).",
    });
  } else if (model.externalId === undefined && ids.length > 0) {
    emit("external-id-mismatch", {
      accountId,
      message: `Role ${role.name} requires an external ID, but the connection has none: the beacon's AssumeRole call will be denied.`,
      fix: "Enter the role's external ID in the model and in the beacon's External ID field (step 8.3), or remove the condition from the trust policy.",
    });
  } else if (model.externalId !== undefined && !ids.includes(model.externalId)) {
    emit("external-id-mismatch", {
      accountId,
      message: `Role ${role.name} requires a different external ID than the connection's: the beacon's AssumeRole call will be denied.`,
      fix: "Use the same external ID in every role's trust policy and in the beacon's External ID field (steps 4.5 and 8.3); the portal's rollout sets it.",
    });
  }
  sizeChecks(emit, role.trustPolicy, `Role ${role.name}'s trust policy`, 4, accountId, TRUST_POLICY_MAX, true);
}

/** A target account: its role, the role's trust, the inventory policy and what the role may do. */
export function lintTarget(emit: Emit, model: AccessModel, t: ObservedTarget) {
  const accountId = t.accountId;
  if (t.readError !== undefined) {
    emit("target-unreadable", {
      accountId,
      message: `Account ${accountId} could not be read (${t.readError.code}), so its role and policy were not checked.`,
      fix: "Check that the portal can reach the account (its credentials or the role it assumes there), then verify again.",
    });
    return;
  }
  const inventoryPolicy = t.policies.find((p) => p.name === model.names.inventoryPolicy);
  const role = t.role;
  if (role === null) {
    emit("role-missing", {
      accountId,
      message: `Account ${accountId} has no role ${model.names.role}${inventoryPolicy === undefined ? ` and no policy ${model.names.inventoryPolicy}` : ""}: the beacon cannot collect from it.`,
      fix: `Repeat steps 2 and 4 in account ${accountId} (or deploy the CloudFormation template / StackSet there).`,
    });
  } else {
    const expectedArn = roleArn(model, accountId);
    if (role.arn !== expectedArn) {
      // The name matched but the path did not: the read-roles policy lists the model's ARN, not this one.
      emit("assume-role-missing-target", {
        accountId,
        message: `Role ${role.arn} is not at the model's path: the read-roles policy lists ${expectedArn}, which does not exist.`,
        fix: `Recreate the role at path ${model.rolePath} or change the model's role path to ${role.path}.`,
      });
    }
    lintTrust(emit, model, role, accountId);
    if (role.maxSessionDurationSeconds < Math.max(3600, model.maxSessionDurationSeconds)) {
      emit("session-too-short", {
        accountId,
        message: `Role ${role.name} allows sessions of ${role.maxSessionDurationSeconds} s; the beacon needs ${Math.max(3600, model.maxSessionDurationSeconds)} s.`,
        fix: awsCommand("iam", "update-role", "--role-name", role.name, "--max-session-duration", Math.max(3600, model.maxSessionDurationSeconds)),
      });
    }
    const attachedInventory = role.attachedPolicies.some((a) => a.name === model.names.inventoryPolicy);
    if (inventoryPolicy !== undefined && !attachedInventory) {
      emit("inventory-policy-not-attached", {
        accountId,
        message: `Policy ${model.names.inventoryPolicy} exists but is not attached to role ${role.name}.`,
        fix: `Attach it (step 4.7): ${awsCommand("iam", "attach-role-policy", "--role-name", role.name, "--policy-arn", inventoryPolicy.arn)}`,
      });
    }
    const roleDocs = roleDocuments(role, t.policies);
    if (roleDocs.unknown.length === 0) {
      const missing: string[] = INVENTORY_ACTIONS.filter((a) => !policiesAllow(roleDocs.docs, a));
      if (!policiesAllow(roleDocs.docs, RDS_ACTION)) missing.push(RDS_ACTION);
      if (missing.length > 0) {
        emit(inventoryPolicy === undefined && roleDocs.docs.length === 0 ? "inventory-policy-missing" : "inventory-actions-missing", {
          accountId,
          message:
            inventoryPolicy === undefined && roleDocs.docs.length === 0
              ? `Account ${accountId} has no policy ${model.names.inventoryPolicy} and role ${role.name} has no permissions: nothing can be inventoried.`
              : `Role ${role.name} is not allowed ${missing.join(", ")}: that part of the inventory will be empty or fail.`,
          fix: `Create (or update) ${model.names.inventoryPolicy} from the portal's policy (step 2) and attach it to ${role.name} (step 4.7).`,
        });
      }
      const extra = extraActions(roleDocs.docs, [...INVENTORY_ACTIONS, RDS_ACTION]);
      if (extra.length > 0) {
        emit("inventory-actions-extra", {
          accountId,
          message: `Role ${role.name} also allows ${listIds(extra)}; the beacon needs only ${[...INVENTORY_ACTIONS, RDS_ACTION].join(", ")}.`,
          fix: `Remove the extra actions or policies from ${role.name}; use the portal's ${model.names.inventoryPolicy} as is.`,
        });
      }
    }
  }
  if (inventoryPolicy !== undefined) {
    lintRdsPinned(emit, inventoryPolicy.document, accountId, model.names.inventoryPolicy);
    sizeChecks(emit, inventoryPolicy.document, `Policy ${inventoryPolicy.name}`, 2, accountId, MANAGED_POLICY_MAX, true);
    versionCheck(emit, inventoryPolicy, 2, accountId);
    const intended = buildInventoryPolicy(model, accountId);
    if (!diffPolicies(inventoryPolicy.document, intended).equivalent) {
      emit("policy-outdated", {
        accountId,
        message: `Policy ${inventoryPolicy.name} differs from the model's inventory policy.`,
        fix: "Run the rollout (or the CLI script): it adds a new default version.",
      }, { step: 2 });
    }
  }
}

function roleDocuments(role: ObservedRole, policies: readonly ObservedManagedPolicy[]): { docs: PolicyDocument[]; unknown: string[] } {
  return attachedDocuments(role.attachedPolicies, role.inlinePolicies, policies);
}

function lintRdsPinned(emit: Emit, doc: PolicyDocument, accountId: string, policyName: string) {
  const pinned = new Set<string>();
  for (const s of allowStatements(doc)) {
    if (!statementCoversAction(s, RDS_ACTION)) continue;
    for (const r of asList(s.Resource)) {
      const name = /:db:(.*)$/.exec(r)?.[1];
      if (name !== undefined && !name.includes("*")) pinned.add(r);
    }
  }
  if (pinned.size > 0) {
    emit("rds-scope-pinned", {
      accountId,
      message: `Policy ${policyName} allows rds:DescribeDBInstances only on named instances (${listIds([...pinned].sort())}): databases created or renamed later are not inventoried.`,
      fix: "Use a wildcard pattern (e.g. db:* or db:orcl-*) unless the restriction is deliberate.",
    });
  }
}
