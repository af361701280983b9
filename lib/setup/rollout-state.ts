/**
 * Step 5's state in automated mode, from the latest plan and rollout runs: whether the plan is ready
 * (current for these settings, finished), stale, superseded by a successful rollout, and whether the
 * rollout failed before (then "Retry failed" names it). The wizard and the rollout action use the same
 * rules. Pure (client-safe).
 */
import { isActive, isRetryable, type RunSummary } from "@/lib/runs/types";
import type { AccountPlan } from "@/lib/aws/rollout/types";
import { isByHand, type TargetState } from "./rollout-accounts";
import { planRunResult } from "./run-kinds";

type RunLike = Pick<RunSummary, "id" | "status" | "result" | "createdAt" | "finishedAt">;

export interface RolloutState {
  planActive: boolean;
  rolloutActive: boolean;
  /** A plan exists, but for other settings than the current ones. */
  stale: boolean;
  /** A finished plan for the current settings: Run may start. */
  planReady: boolean;
  /** When the latest plan was made (finished, or started while it runs). */
  planMadeAt: string | null;
  /** A successful rollout started after this plan was made. */
  planSuperseded: boolean;
  /** The latest rollout ended without full success: the one "Retry failed" retries. */
  retryOf: string | null;
}

export function rolloutState(input: { plan: RunLike | null; rollout: RunLike | null; fingerprint: string }): RolloutState {
  const { plan, rollout } = input;
  const result = planRunResult(plan?.result);
  const planActive = plan ? isActive(plan.status) : false;
  const rolloutActive = rollout ? isActive(rollout.status) : false;
  const stale = result ? result.fingerprint !== input.fingerprint : false;
  const planMadeAt = plan ? (plan.finishedAt ?? plan.createdAt) : null;
  return {
    planActive,
    rolloutActive,
    stale,
    planReady: Boolean(result && !stale && !planActive),
    planMadeAt,
    planSuperseded: Boolean(planMadeAt && rollout && rollout.status === "succeeded" && Date.parse(rollout.createdAt) >= Date.parse(planMadeAt)),
    retryOf: rollout && isRetryable(rollout.status) ? rollout.id : null,
  };
}

/**
 * Whether the plan was made for the accounts set up by hand that there are now. Which accounts are set
 * up by hand is not part of the model (so not of its fingerprint): switching an account back to the
 * portal must not change it unseen.
 */
export function planCoversByHand(plan: { accounts: readonly Pick<AccountPlan, "accountId" | "kind" | "manual">[] }, targets: readonly Pick<TargetState, "accountId" | "accessMethod">[]): boolean {
  const planned = plan.accounts.filter((a) => a.kind === "target" && a.manual).map((a) => a.accountId).sort();
  const byHand = targets.filter((t) => isByHand(t.accessMethod)).map((t) => t.accountId).sort();
  return planned.join(",") === byHand.join(",");
}
