import type { AccessModel } from "./types";
import type { ModelIssue } from "./model-validation-error";

/**
 * Things that are allowed but probably unwanted; shown beside the form and reported by the linter.
 * Kept apart from validation so a valid model never fails to parse because of advice.
 */
export function modelWarnings(model: AccessModel): ModelIssue[] {
  const out: ModelIssue[] = [];
  if (model.rdsScope.kind === "patterns") {
    model.rdsScope.patterns.forEach((p, i) => {
      if (!p.instanceName.includes("*")) {
        out.push({
          path: `rdsScope.patterns[${i}].instanceName`,
          message: `RDS instance name "${p.instanceName}" is pinned: databases created later (or renamed) will not be inventoried until the policy is changed. Prefer a wildcard pattern or "all".`,
        });
      }
    });
  }
  if (model.externalId === undefined) {
    out.push({
      path: "externalId",
      message: "No external ID: the roles trust the whole home account without one. AWS recommends an external ID (step 4.5); generate one.",
    });
  }
  return out;
}
