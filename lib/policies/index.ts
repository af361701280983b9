export {
  MANAGED_POLICY_MAX,
  TRUST_POLICY_MAX,
  USER_ATTACHED_POLICIES_DEFAULT_QUOTA,
  USER_ATTACHED_POLICIES_MAX_QUOTA,
  NEAR_LIMIT_RATIO,
  INVENTORY_ACTIONS,
  READ_ROLES_ACTIONS,
  RDS_ACTION,
  ASSUME_ROLE_ACTION,
  SID,
} from "./constants";
export { roleArn, policyArn, userArn, accountRootArn, rdsArns, parseIamArn, PARTITION } from "./arns";
export { managedPolicySize } from "./managed-policy-size";
export { buildInventoryPolicy } from "./build-inventory-policy";
export { buildTrustPolicy } from "./build-trust-policy";
export { buildReadRolesPolicies, readRolesPolicyName, type ReadRolesPolicy } from "./build-read-roles-policies";
export { policiesEquivalent, diffPolicies, describeGrant, expandGrants, type Grant, type PolicyDiff } from "./compare-policies";
export { policiesAllow, wildcardMatch, hasWildcard, statementCoversAction, statementCoversResource } from "./evaluate-actions";
export { readRolesSplitSummary } from "./read-roles-split-summary";
export { allowStatements, asList, externalIdsOf, principalsOf, statementRequiresExternalId } from "./policy-parts";
