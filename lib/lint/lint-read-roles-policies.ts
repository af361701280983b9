/** Lint of the home account's read-roles policies (step 3): present, split, size, versions, up to date. Pure. */
import type { AccessModel, ObservedHome, ObservedManagedPolicy } from "@/lib/model/types";
import { MANAGED_POLICY_MAX, buildReadRolesPolicies, diffPolicies, readRolesSplitSummary } from "@/lib/policies";
import { sizeChecks, versionCheck, type Emit } from "./support";

function isReadRolesName(model: AccessModel, name: string): boolean {
  const base = model.names.readRolesPolicy;
  return name === base || (name.startsWith(`${base}-`) && /^\d+$/.test(name.slice(base.length + 1)));
}

function readRolesIndex(model: AccessModel, name: string): number {
  return name === model.names.readRolesPolicy ? 1 : Number(name.slice(model.names.readRolesPolicy.length + 1));
}

/** The home account's read-roles policies (NAME, NAME-2, ...), in order. */
export function readRolesPoliciesOf(model: AccessModel, home: ObservedHome): ObservedManagedPolicy[] {
  return home.policies.filter((p) => isReadRolesName(model, p.name)).sort((a, b) => readRolesIndex(model, a.name) - readRolesIndex(model, b.name));
}

export function lintReadRolesPolicies(emit: Emit, model: AccessModel, readRoles: readonly ObservedManagedPolicy[]) {
  const accountId = model.homeAccountId;
  const split = readRolesSplitSummary(model);
  if (split.severity !== null && split.message !== null) {
    emit("read-roles-policy-count", {
      accountId,
      message: split.message,
      fix:
        split.severity === "info"
          ? `Attach all ${split.policyCount} policies to ${model.names.user}; the portal, the CLI script and the Terraform module do.`
          : "Shorten the role name and path (each character counts once per account), request a higher quota, or split the accounts over several connections.",
    }, { severity: split.severity });
  }

  if (readRoles.length === 0) {
    emit("read-roles-policy-missing", {
      accountId,
      message: `The home account has no policy ${model.names.readRolesPolicy}.`,
      fix: "Create it from the portal's policy (step 3) and attach it to the collector user (step 6.5-6.6).",
    });
  }
  readRoles.forEach((p, i) => {
    // Split policies are filled to the brim on purpose: only the last one's fill level says something.
    sizeChecks(emit, p.document, `Policy ${p.name}`, 3, accountId, MANAGED_POLICY_MAX, i === readRoles.length - 1);
    versionCheck(emit, p, 3, accountId);
  });
  const intended = buildReadRolesPolicies(model);
  for (const want of intended) {
    const have = readRoles.find((p) => p.name === want.name);
    if (have !== undefined && !diffPolicies(have.document, want.document).equivalent) {
      emit("policy-outdated", {
        accountId,
        message: `Policy ${have.name} differs from the model's read-roles policy.`,
        fix: "Run the rollout (or the CLI script): it adds a new default version.",
      });
    }
  }

  const intendedNames = new Set(intended.map((p) => p.name));
  for (const p of readRoles) {
    if (intendedNames.has(p.name)) continue;
    emit("policy-outdated", {
      accountId,
      message: `Policy ${p.name} is a read-roles part the model no longer needs (it now fits in ${intended.length}).`,
      fix: `Detach ${p.name} from ${model.names.user} and delete it once the remaining parts list every role.`,
    });
  }
}
