/**
 * What step 5's rollout status shows, from the latest rollout's events and stored result and the
 * connection's accounts: each account's status in the run, merged with the accounts the run left out
 * or that are set up by hand, and the summary line. The live view and a reload compute the same thing;
 * the component only draws it. Pure (client-safe).
 */
import { accountStatusFromSteps, isHomeStep, isTargetStep, mergedSummary, mergeRolloutAccounts, type MergedAccount, type RunAccountStatus, type TargetState } from "./rollout-accounts";
import { z } from "zod";
import { rolloutRunResult } from "./run-kinds";

/** The latest event of each step, by account ("" for events without one), as the run's follower keeps them. */
export type LatestSteps = ReadonlyMap<string, ReadonlyMap<string, { status: string }>>;

/**
 * Each account's status in one run from its latest step statuses: the targets it processed (their
 * target steps) and the home account (its home steps). `active`: the run is still going.
 */
export function runAccountStatuses(latest: LatestSteps, homeAccountId: string | undefined, active: boolean): { home: RunAccountStatus | undefined; inRun: Map<string, RunAccountStatus> } {
  const inRun = new Map<string, RunAccountStatus>();
  let home: RunAccountStatus | undefined;
  for (const [accountId, steps] of latest) {
    if (accountId === "") continue;
    const of = (pick: (step: string) => boolean) => [...steps.entries()].filter(([step]) => pick(step)).map(([, e]) => e.status);
    const targetSteps = of(isTargetStep);
    if (targetSteps.length) inRun.set(accountId, accountStatusFromSteps(targetSteps, active));
    const homeSteps = of(isHomeStep);
    if (accountId === homeAccountId && homeSteps.length) home = accountStatusFromSteps(homeSteps, active);
  }
  return { home, inRun };
}

export interface RolloutView {
  /** Every account of the connection once (null without the home account or the targets). */
  merged: ReturnType<typeof mergeRolloutAccounts> | null;
  /** Portal accounts the latest run left out (a retry): they keep the status an earlier run gave them. */
  outside: MergedAccount[];
  /** How many targets the latest run processed. */
  runTargets: number;
  /** The run alone does not describe the connection (accounts set up by hand, or left out of a retry). */
  needsMerge: boolean;
  /** The finished run's summary over every account; null while it runs or without a stored result. */
  summary: string | null;
  /** The run stored its result (it finished; an interrupted run has none). */
  hasResult: boolean;
  /** The run changed nothing and everything was already as intended. */
  nothingChanged: boolean;
}

export function rolloutView(input: { latest: LatestSteps; homeAccountId: string | undefined; targets: readonly TargetState[] | undefined; active: boolean; result: unknown }): RolloutView {
  const { home, inRun } = runAccountStatuses(input.latest, input.homeAccountId, input.active);
  const merged = input.homeAccountId && input.targets ? mergeRolloutAccounts({ homeAccountId: input.homeAccountId, targets: input.targets, home, inRun }) : null;
  const targetAccounts = (merged?.accounts ?? []).filter((a) => a.kind === "target");
  const outside = targetAccounts.filter((a) => a.source === "earlier");
  const runTargets = targetAccounts.filter((a) => a.source === "run").length;
  const needsMerge = merged !== null && (merged.counts.byHand.total > 0 || outside.length > 0);
  const result = rolloutRunResult(input.result);
  // Counted once: an account that changed something and then failed is failed, not changed.
  const changedInRun = result ? result.accounts.filter((a) => a.changed && a.status === "done").length : 0;
  const summary = !input.active && result ? (needsMerge && merged ? mergedSummary({ counts: merged.counts, changed: changedInRun, nothingChanged: result.nothingChanged }) : result.summary) : null;
  return { merged, outside, runTargets, needsMerge, summary, hasResult: result !== null, nothingChanged: result?.nothingChanged ?? false };
}

const stepDetailsSchema = z.object({ cause: z.string().optional().catch(undefined), fix: z.string().optional().catch(undefined), found: z.array(z.unknown()).optional().catch(undefined) });

/** What a rollout step's event carries for the UI: a failure's cause and fix, or what was found (not changed). */
export function rolloutStepDetails(details: unknown): { cause?: string; fix?: string; found?: string[] } {
  const parsed = stepDetailsSchema.safeParse(details);
  if (!parsed.success || Array.isArray(details)) return {};
  const { cause, fix, found } = parsed.data;
  return { cause, fix, found: found?.filter((x): x is string => typeof x === "string") };
}
