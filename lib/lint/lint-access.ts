import type { AccessModel, Finding, ObservedState, Severity } from "@/lib/model/types";
import { externalIdsOf } from "@/lib/policies";
import { lintHome } from "./lint-home";
import { lintTarget } from "./lint-target";
import { findingCollector, listIds, type Emit } from "./support";

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function lintExternalIdConsistency(emit: Emit, state: ObservedState) {
  const byId = new Map<string, string[]>();
  for (const t of state.targets) {
    if (t.role === null) continue;
    const ids = externalIdsOf(t.role.trustPolicy);
    const key = ids.length === 0 ? "(none)" : [...ids].sort().join("\u0000");
    byId.set(key, [...(byId.get(key) ?? []), t.accountId]);
  }
  if (byId.size <= 1) return;
  // Name the accounts per group, never the IDs themselves: they are shared secrets in spirit.
  const groups = [...byId.entries()].map(([k, accts], i) => `${k === "(none)" ? "no external ID" : `external ID #${i + 1}`}: ${listIds(accts.sort())}`);
  emit("external-id-inconsistent", {
    message: `The roles do not all require the same external ID (${groups.join("; ")}); one connection has one External ID field, so some accounts will fail.`,
    fix: "Use the same external ID in every account's role (step 4.5: \"ensure you use the same external ID each time\").",
  });
}

function lintModel(emit: Emit, model: AccessModel) {
  if (model.rdsScope.kind !== "patterns") return;
  const pinned = model.rdsScope.patterns.filter((p) => !p.instanceName.includes("*"));
  if (pinned.length === 0) return;
  emit("rds-scope-pinned", {
    message: `The model's RDS scope names instances (${listIds(pinned.map((p) => `${p.region}/${p.instanceName}`))}): databases created or renamed later are not inventoried.`,
    fix: "Use \"all\" or wildcard patterns unless the restriction is deliberate.",
  });
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    a.step - b.step ||
    (a.accountId ?? "").localeCompare(b.accountId ?? "") ||
    a.rule.localeCompare(b.rule) ||
    a.message.localeCompare(b.message)
  );
}

/**
 * Compares what exists (`observed`) with what the model intends and explains every known pitfall
 * of the procedure: severity, step, account, and a concrete fix. Sorted: errors first, then by
 * step, then by account. Pure: the same inputs give the same findings.
 */
export function lintAccess(model: AccessModel, observed: ObservedState): Finding[] {
  const { emit, findings } = findingCollector();
  lintModel(emit, model);
  lintHome(emit, model, observed);
  const observedById = new Map(observed.targets.map((t) => [t.accountId, t]));
  for (const id of model.targetAccountIds) {
    const t = observedById.get(id);
    if (t === undefined) {
      emit("target-unreadable", {
        accountId: id,
        message: `Account ${id} is a target of the model but was not part of the observed state.`,
        fix: "Verify again including this account.",
      });
      continue;
    }
    lintTarget(emit, model, t);
  }
  lintExternalIdConsistency(emit, observed);
  return findings.sort(compareFindings);
}
