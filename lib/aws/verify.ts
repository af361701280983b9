import "server-only";
import type { AccessModel, Finding, ObservedState } from "@/lib/model/types";
import { lintAccess } from "@/lib/lint";
import { gatherObservedState, type GatherOptions } from "./operations/gather-observed-state";

export interface VerifyResult {
  observed: ObservedState;
  findings: Finding[];
  /** True when no finding is an error. */
  ok: boolean;
}

/**
 * For administrators who built the setup themselves: read what exists with read-only calls
 * (home credentials; targets through an assumed role or their own credentials) and lint it
 * against the intended model.
 */
export async function verifySetup(model: AccessModel, options: GatherOptions): Promise<VerifyResult> {
  const observed = await gatherObservedState(model, options);
  const findings = lintAccess(model, observed);
  return { observed, findings, ok: !findings.some((f) => f.severity === "error") };
}
