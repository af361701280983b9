/**
 * The drift rules: what the scheduled re-verification (detect-drift.ts, with the collector's key) and
 * "Pinpoint with administrator access" (pinpoint-findings.ts) report beyond the linter's rules, with
 * severity, procedure step, cause and fix, and whether Repair (the rollout) puts it right. Findings
 * take severity and step from here (`driftFinding`); a rule that reports another value on purpose
 * declares it with the reason. Lint findings that drift passes through keep LINT_RULES' entries
 * (HOME_LINT_RULES, TARGET_LINT_RULES). Pure.
 */
import type { LintRuleId } from "@/lib/lint";
import { defineRule, ruleFinding, type FindingText, type Override, type Rule, type RuleOverrides } from "@/lib/model/rule-registry";
import type { Finding, Severity } from "@/lib/model/types";

export interface DriftRule extends Rule {
  /** What changed in AWS, in general (the finding names the account, role or policy). */
  cause: string;
  /** What to do, in general (the finding's fix is concrete). */
  fix: string;
  /** Who can see it: the collector's scheduled run, the administrator's pinpoint, or both. */
  seenBy: readonly ("collector" | "administrator")[];
  /** Whether Repair's rollout puts it right; if not, it stays after a repair with its by-hand fix. */
  repairedByRollout: boolean;
}

const rule = <const I extends string, const S extends Severity, const N extends number, const O extends RuleOverrides | undefined = undefined>(
  id: I,
  severity: S,
  step: N,
  title: string,
  more: Pick<DriftRule, "cause" | "fix" | "seenBy" | "repairedByRollout">,
  overrides?: O,
) => ({ ...defineRule(id, severity, step, title, overrides), ...more });

const COLLECTOR = ["collector"] as const;
const ADMINISTRATOR = ["administrator"] as const;
const BOTH = ["collector", "administrator"] as const;

export const DRIFT_RULES = [
  rule("inventory-access-lost", "error", 2, "The inventory role may no longer call what the beacon needs", {
    cause: "The inventory policy lost an action, was detached, or a deny was added.",
    fix: "Restore the portal's inventory policy and attach it to the role (Repair does).",
    seenBy: COLLECTOR,
    repairedByRollout: true,
  }, { step: "any", why: "reported at the procedure step of the connection-test check that failed" }),
  rule("inventory-permissions-extra", "warning", 2, "The inventory role may now do more than the beacon needs", {
    cause: "A wildcard was added to the inventory policy, or another policy was attached to the role.",
    fix: "Restore the portal's inventory policy and detach any other policy from the role.",
    seenBy: COLLECTOR,
    repairedByRollout: true,
  }),
  rule("inventory-policy-changed", "error", 2, "The inventory policy's default version differs from the portal's", {
    cause: "Someone edited the inventory policy or set another version as default.",
    fix: "Restore the portal's document as the default version (Repair adds it as a new version).",
    seenBy: ADMINISTRATOR,
    repairedByRollout: true,
  }, { severity: ["warning"], why: "a warning when the policy only grants more (nothing the beacon needs was lost)" }),
  rule("role-policy-added", "warning", 2, "The inventory role has a policy the procedure does not give it", {
    cause: "Someone attached a managed policy or added an inline policy to the role.",
    fix: "Detach or delete it by hand: the rollout never removes what someone added.",
    seenBy: ADMINISTRATOR,
    repairedByRollout: false,
  }),
  rule("read-roles-policy-changed", "error", 3, "The read-roles policy's default version differs from the portal's", {
    cause: "Someone edited the read-roles policy or set another version as default.",
    fix: "Restore the portal's document as the default version (Repair writes it as a new version).",
    seenBy: ADMINISTRATOR,
    repairedByRollout: true,
  }),
  rule("collector-unreadable", "error", 3, "The collector could not read its own user", {
    cause: "The read-roles policy was detached or lost its IAM reads, or AWS refused the call.",
    fix: "Attach the read-roles policy to the collector user (step 6.5), then run the schedule again.",
    seenBy: COLLECTOR,
    repairedByRollout: false,
  }, { step: "any", why: "reported at the procedure step of the connection-test check that failed" }),
  rule("role-unreachable", "error", 4, "The collector can no longer assume the role", {
    cause: "The role was deleted, its trust no longer names the home account, or it requires another external ID: AWS answers all three the same way.",
    fix: "Pinpoint with administrator access to tell which, or Repair to put the role back.",
    seenBy: COLLECTOR,
    repairedByRollout: true,
  }),
  rule("trust-principal-changed", "error", 4, "The role's trust policy no longer trusts only the home account", {
    cause: "Someone edited the role's trust relationship.",
    fix: "Set the trust policy back to the portal's (Repair does).",
    seenBy: ADMINISTRATOR,
    repairedByRollout: true,
  }),
  rule("external-id-not-required", "error", 4, "The role can be assumed without the external ID", {
    cause: "The trust policy lost its sts:ExternalId condition.",
    fix: "Tick Require external ID with the connection's external ID (step 4.5), or Repair.",
    seenBy: BOTH,
    repairedByRollout: true,
  }),
  rule("external-id-changed", "error", 4, "The role requires another external ID than the connection's", {
    cause: "Someone changed or added the sts:ExternalId condition in the role's trust policy.",
    fix: "Restore the connection's external ID in the trust policy (Repair does).",
    seenBy: ADMINISTRATOR,
    repairedByRollout: true,
  }, { step: [8], why: "when the connection has no external ID, the mismatch is the beacon's connection field's (step 8.3)" }),
  rule("role-missing", "error", 5, "The inventory role was deleted", {
    cause: "Someone deleted the role (and perhaps the inventory policy) in the target account.",
    fix: "Recreate it with Repair, or repeat steps 2 and 4 in the account.",
    seenBy: ADMINISTRATOR,
    repairedByRollout: true,
  }),
  rule("user-inline-policy", "error", 6, "The collector user has an inline policy the portal did not create", {
    cause: "Someone added an inline policy to the collector user.",
    fix: "Delete it by hand: the beacon ignores inline policies, and the rollout never removes what someone added.",
    seenBy: BOTH,
    repairedByRollout: false,
  }),
  rule("access-key-inactive", "error", 6, "AWS refuses the collector's access key", {
    cause: "The key was deactivated or deleted, or the stored secret no longer belongs to it.",
    fix: "Reactivate the key, or rotate it from the connection's Manage page.",
    seenBy: BOTH,
    repairedByRollout: false,
  }),
  rule("access-key-deleted", "error", 6, "The collector's access key was deleted", {
    cause: "Someone deleted the key from the collector user.",
    fix: "Rotate the key from the connection's Manage page and give the beacon the new details.",
    seenBy: ADMINISTRATOR,
    repairedByRollout: false,
  }),
] as const satisfies readonly DriftRule[];

type DriftRuleEntry = (typeof DRIFT_RULES)[number];
export type DriftRuleId = DriftRuleEntry["id"];

export const DRIFT_RULE_BY_ID: ReadonlyMap<string, DriftRule> = new Map(DRIFT_RULES.map((r) => [r.id, r]));

/** A drift finding with its rule's severity and step, or one the rule declares (`override`). */
export function driftFinding<R extends DriftRuleId>(rule: R, text: FindingText, override?: Override<Extract<DriftRuleEntry, { id: R }>>): Finding {
  return ruleFinding(DRIFT_RULE_BY_ID, rule, text, override as { severity?: Severity; step?: number } | undefined);
}

/** Findings the rollout does not put right: they stay after a repair, with what to do by hand. */
export function repairedByRollout(rule: string): boolean {
  return DRIFT_RULE_BY_ID.get(rule)?.repairedByRollout ?? true;
}

/** Lint rules that describe a change in the home account the collector can observe (model-inherent warnings excluded). */
export const HOME_LINT_RULES: ReadonlySet<string> = new Set<LintRuleId>([
  "read-roles-policy-missing",
  "read-roles-actions-missing",
  "group-policies-not-granted",
  "read-roles-actions-extra",
  "assume-role-wildcard",
  "assume-role-missing-target",
  "assume-role-unknown-role",
  "policy-outdated",
  "user-missing",
  "read-roles-not-attached",
  "read-roles-inline",
]);

/** Lint rules of a target account that pinpoint reports as the linter words them (attachment, missing actions, session, ARN not listed). */
export const TARGET_LINT_RULES: ReadonlySet<string> = new Set<LintRuleId>([
  "inventory-policy-missing",
  "inventory-actions-missing",
  "inventory-policy-not-attached",
  "session-too-short",
  "assume-role-missing-target",
]);
