import type { AccessModel } from "@/lib/model/types";
import { buildReadRolesPolicies } from "./build-read-roles-policies";
import { USER_ATTACHED_POLICIES_DEFAULT_QUOTA, USER_ATTACHED_POLICIES_MAX_QUOTA } from "./constants";

export interface SplitSummary {
  policyCount: number;
  names: string[];
  /** "error" when the user cannot hold that many policies at all; "warning" when a quota increase is needed. */
  severity: "info" | "warning" | "error" | null;
  message: string | null;
}

/**
 * Says whether (and why) the read-roles policy is split, and whether the collector user can hold
 * the result: IAM attaches at most 10 managed policies to a user by default, 20 after a quota
 * increase. At the default names about 115 role ARNs fit in one policy (110 in the first, which
 * also holds the IAM reads), so 1,000 accounts need 9 policies and 2,000 need 18; shorter role
 * names and paths raise that.
 */
export function readRolesSplitSummary(model: AccessModel): SplitSummary {
  const policies = buildReadRolesPolicies(model);
  const names = policies.map((p) => p.name);
  const n = policies.length;
  if (n === 1) return { policyCount: 1, names, severity: null, message: null };
  const base = `The exact role ARNs of ${model.targetAccountIds.length} accounts do not fit in one managed policy (6,144 characters); they are split over ${n} policies: ${names[0]} to ${names[n - 1]}, all attached to ${model.names.user}.`;
  if (n > USER_ATTACHED_POLICIES_MAX_QUOTA) {
    return { policyCount: n, names, severity: "error", message: `${base} An IAM user can hold at most ${USER_ATTACHED_POLICIES_MAX_QUOTA} managed policies (after a quota increase): shorten the role name or path, or split the accounts over several connections.` };
  }
  if (n + 1 > USER_ATTACHED_POLICIES_DEFAULT_QUOTA) {
    return { policyCount: n, names, severity: "warning", message: `${base} That exceeds IAM's default quota of ${USER_ATTACHED_POLICIES_DEFAULT_QUOTA} managed policies per user (counting any other attached policy): request "Managed policies per user" up to ${USER_ATTACHED_POLICIES_MAX_QUOTA} in Service Quotas first, or shorten the role name.` };
  }
  return { policyCount: n, names, severity: "info", message: base };
}
