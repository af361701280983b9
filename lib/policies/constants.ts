/** IAM's limit for a customer managed policy, counted without whitespace. */
export const MANAGED_POLICY_MAX = 6144;
/** IAM's default limit for a role trust policy (adjustable to 4,096 by quota request). */
export const TRUST_POLICY_MAX = 2048;
/** Default quota of managed policies attached to one IAM user (adjustable up to 20). */
export const USER_ATTACHED_POLICIES_DEFAULT_QUOTA = 10;
export const USER_ATTACHED_POLICIES_MAX_QUOTA = 20;
/** "Near the limit" for the linter: more than this share of the size limit. */
export const NEAR_LIMIT_RATIO = 0.9;

/** Step 2: what the inventory role may do on `*` in each target account. */
export const INVENTORY_ACTIONS = [
  "ec2:DescribeHosts",
  "ec2:DescribeInstances",
  "ec2:DescribeReservedInstances",
  "iam:ListAccountAliases",
] as const;
/** Step 2.13-2.16: scoped to the chosen DB instance ARNs. */
export const RDS_ACTION = "rds:DescribeDBInstances";
/** Step 3.4-3.5: what the collector user may read about itself. */
export const READ_ROLES_ACTIONS = [
  "iam:GetPolicy",
  "iam:GetPolicyVersion",
  "iam:GetUser",
  "iam:ListAttachedGroupPolicies",
  "iam:ListAttachedUserPolicies",
  "iam:ListGroupsForUser",
] as const;
/** Step 3.7-3.9: on the exact ARN of every target account's role. */
export const ASSUME_ROLE_ACTION = "sts:AssumeRole";

/** Stable statement ids: reviewers and the semantic comparison both rely on them being predictable. */
export const SID = {
  inventory: "ListInventory",
  rds: "DescribeDBInstances",
  readRoles: "ReadOwnUserAndPolicies",
  assumeRoles: "AssumeInventoryRoles",
  trust: "TrustHomeAccount",
} as const;
