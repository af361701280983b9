export { lintAccess } from "./lint-access";
export { LINT_RULES, LINT_RULE_BY_ID, type LintRule, type LintRuleId } from "./rules";
export { observedStateSchema, parseObservedState } from "./observed-state-schema";
export { idealObservedState } from "./ideal-observed-state";
