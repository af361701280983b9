import { defineRule as rule, type Override, type Rule } from "@/lib/model/rule-registry";

/** A lint rule: id, severity, procedure step, title, and any declared overrides (lib/model/rule-registry). */
export type LintRule = Rule;

/** The policy checks run on every policy the procedure writes, each reported at the step that writes it. */
const EVERY_POLICY_STEP = { step: [2, 4], why: "checked on the inventory policy (step 2) and the role's trust policy (step 4) as well as the read-roles policies (step 3): reported at the policy's own step" } as const;

/** Every rule, in procedure order; the UI lists them and the tests cover each one. */
export const LINT_RULES = [
  rule("inventory-policy-missing", "error", 2, "The inventory policy does not exist in a target account"),
  rule("inventory-actions-missing", "error", 2, "The inventory role lacks an action the beacon calls"),
  rule("inventory-actions-extra", "warning", 2, "The inventory role may do more than the beacon needs"),
  rule("rds-scope-pinned", "warning", 2, "RDS access is pinned to named DB instances (databases created later are missed)"),
  rule("policy-too-large", "error", 3, "A policy is over IAM's size limit", EVERY_POLICY_STEP),
  rule("policy-near-limit", "warning", 3, "A policy is near IAM's size limit (over 90%)", EVERY_POLICY_STEP),
  rule("policy-versions-full", "warning", 3, "A policy has 5 stored versions: the next change fails until one is deleted", { step: [2], why: "checked on the inventory policy (step 2) as well as the read-roles policies" }),
  rule("policy-outdated", "info", 3, "A policy differs from what the model produces (the next rollout will update it)", { step: [2], why: "checked on the inventory policy (step 2) as well as the read-roles policies" }),
  rule("read-roles-policy-missing", "error", 3, "The read-roles policy does not exist in the home account"),
  rule("read-roles-actions-missing", "error", 3, "The collector user lacks an IAM read action the beacon calls"),
  rule("group-policies-not-granted", "error", 3, "iam:ListAttachedGroupPolicies is not granted (an error when the user is in a group: no inventory at all)", { severity: ["warning"], why: "harmless while the user is in no group, so only a warning then" }),
  rule("read-roles-actions-extra", "warning", 3, "The collector user may do more than the beacon needs"),
  rule("assume-role-wildcard", "error", 3, "sts:AssumeRole uses a wildcard or partial ARN instead of exact role ARNs"),
  rule("assume-role-missing-target", "error", 3, "A target account's role is not listed in the read-roles policies"),
  rule("assume-role-unknown-role", "warning", 3, "A listed role ARN does not exist or is not a target of this connection"),
  rule("read-roles-policy-count", "error", 3, "The read-roles policy is split over several policies (a warning above the user quota of 10, an error above 20)", { severity: ["warning", "info"], step: [6], why: "graded by the quota: info while the parts fit IAM's default of 10 policies per user, a warning above it, an error above 20; the count of policies attached to the user is reported at step 6, which attaches them" }),
  rule("trust-principal-mismatch", "error", 4, "The role's trust policy does not trust exactly the home account"),
  rule("external-id-missing", "error", 4, "The role's trust policy has no sts:ExternalId condition although the connection uses one"),
  rule("external-id-inconsistent", "error", 4, "Roles in different accounts require different external IDs"),
  rule("inventory-policy-not-attached", "error", 4, "The inventory policy is not attached to the role"),
  rule("session-too-short", "warning", 4, "The role's maximum session is shorter than the beacon needs"),
  rule("role-missing", "error", 5, "A target account has no inventory role"),
  rule("target-unreadable", "warning", 5, "A target account could not be read, so it was not checked"),
  rule("user-missing", "error", 6, "The collector user does not exist"),
  rule("read-roles-not-attached", "error", 6, "The read-roles policy is not attached to the collector user", { severity: ["warning"], why: "a policy that reaches the user through a group works, but depends on iam:ListAttachedGroupPolicies: a warning" }),
  rule("read-roles-inline", "error", 6, "Read-roles permissions are in an inline policy (the beacon only reads managed policies)"),
  rule("access-key-missing", "error", 6, "The collector user has no active access key"),
  rule("access-keys-full", "warning", 6, "The collector user has 2 access keys: rotation is blocked"),
  rule("external-id-mismatch", "error", 8, "A role's external ID differs from the connection's"),
] as const satisfies readonly LintRule[];

type LintRuleEntry = (typeof LINT_RULES)[number];
export type LintRuleId = LintRuleEntry["id"];

/** The severity and step a finding of rule R may take instead of the rule's own: only what R declares. */
export type LintOverride<R extends LintRuleId> = Override<Extract<LintRuleEntry, { id: R }>>;

export const LINT_RULE_BY_ID: ReadonlyMap<string, LintRule> = new Map(LINT_RULES.map((r) => [r.id, r]));
