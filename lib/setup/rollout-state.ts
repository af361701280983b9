/**
 * Step 5's state in automated mode, from the latest plan and rollout runs: whether the plan is ready
 * (current for these settings, finished), stale, superseded by a successful rollout, and whether the
 * rollout failed before (then "Retry failed" names it). The wizard and the rollout action use the same
 * rules. Pure (client-safe).
 */
import { isActive, isRetryable, type RunSummary } from "@/lib/runs/types";
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
