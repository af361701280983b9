/**
 * Step 5's picture of every account, merging the latest rollout with what earlier runs and the
 * administrator's own Verify left in the TargetAccount rows. Pure (client-safe): the run's final
 * summary, the live view and a reload compute the same thing.
 *
 * Why merge: "Retry failed" runs only the home account and the accounts not done yet (`only`), so
 * the latest run alone does not describe the connection; the accounts it left out keep the status
 * an earlier run gave them. Accounts set up by hand are never run by the portal: their status is
 * their per-account Verify.
 */
import type { AccessMethod, TargetView } from "@/lib/connections/types";
import { isRolloutStepOf } from "@/lib/aws/rollout/types";

export type TargetState = Pick<TargetView, "accountId" | "accessMethod" | "setupStatus" | "setupError">;

/** An account's status within one run, derived from its steps. */
export type RunAccountStatus = "done" | "failed" | "running" | "skipped";

export type AccountSource = "run" | "earlier" | "by-hand";

export interface MergedAccount {
  accountId: string;
  kind: "home" | "target";
  /** "run": processed by the latest rollout; "earlier": left out of it (kept from an earlier run); "by-hand": set up by the administrator. */
  source: AccountSource;
  /** By hand: "done" = Verify passed, "pending" = waiting for Verify. */
  status: "done" | "failed" | "running" | "pending";
  /** Cause and fix of the stored failure (earlier runs, Verify of an account set up by hand). */
  error: string | null;
}

export interface MergedCounts {
  /** Accounts the portal sets up (the home account and every target not set up by hand). */
  portal: { total: number; done: number; failed: number; running: number; pending: number; fromEarlierRun: number };
  byHand: { total: number; verified: number; failed: number; waiting: number };
}


/** The rollout step ids that belong to the home account (its read-roles policy and collector user). */
export function isHomeStep(step: string): boolean {
  return isRolloutStepOf("home", step);
}

export function isTargetStep(step: string): boolean {
  return isRolloutStepOf("target", step);
}

/** One account's status in a run from its steps' latest statuses; `active`: the run is still going. */
export function accountStatusFromSteps(statuses: readonly string[], active: boolean): RunAccountStatus {
  // A step closed by an interruption never finished: the account is not done.
  if (statuses.includes("failed") || statuses.includes("interrupted")) return "failed";
  if (statuses.some((s) => s === "waiting" || s === "running" || s === "propagating")) return active ? "running" : "failed";
  if (statuses.length > 0 && statuses.every((s) => s === "skipped")) return "skipped";
  return "done";
}

export function isByHand(method: AccessMethod): boolean {
  return method === "manual";
}

/**
 * What a finished rollout stores as a target's setup status: done, failed, or (never started because
 * the run was cancelled) still pending, so "Retry failed" picks it up.
 */
export function setupStatusAfterRun(status: "done" | "failed" | "skipped" | "not-started"): TargetState["setupStatus"] {
  return status === "done" ? "done" : status === "failed" ? "failed" : "pending";
}

/**
 * The target accounts "Retry failed" runs: every account the portal sets up that is not done yet
 * (failed, or never run because it was added later or the run was interrupted). Done accounts and
 * accounts set up by hand are left alone.
 */
export function retryScope(targets: readonly TargetState[]): string[] {
  return targets
    .filter((t) => !isByHand(t.accessMethod) && t.setupStatus !== "done")
    .map((t) => t.accountId)
    .sort();
}

/** The target accounts the portal sets up that are done: "Retry failed" leaves them alone. */
export function doneByPortal(targets: readonly TargetState[]): string[] {
  return targets
    .filter((t) => !isByHand(t.accessMethod) && t.setupStatus === "done")
    .map((t) => t.accountId)
    .sort();
}

/**
 * Every account of the connection once: the home account and the targets processed by the latest
 * run with their status in it; the others with their stored status (from an earlier run, or from
 * their own Verify when set up by hand).
 */
export function mergeRolloutAccounts(input: {
  homeAccountId: string;
  targets: readonly TargetState[];
  /** The latest run's status of the home account (undefined: no run yet). */
  home?: RunAccountStatus;
  /** The latest run's status of each target it processed. */
  inRun: ReadonlyMap<string, RunAccountStatus>;
}): { accounts: MergedAccount[]; counts: MergedCounts } {
  const accounts: MergedAccount[] = [];
  const counts: MergedCounts = {
    portal: { total: 0, done: 0, failed: 0, running: 0, pending: 0, fromEarlierRun: 0 },
    byHand: { total: 0, verified: 0, failed: 0, waiting: 0 },
  };
  const countPortal = (status: MergedAccount["status"]) => {
    counts.portal.total++;
    counts.portal[status === "done" ? "done" : status === "failed" ? "failed" : status === "running" ? "running" : "pending"]++;
  };
  const home: MergedAccount = { accountId: input.homeAccountId, kind: "home", source: "run", status: input.home === undefined ? "pending" : portalStatus(input.home), error: null };
  accounts.push(home);
  countPortal(home.status);
  for (const t of [...input.targets].sort((a, b) => a.accountId.localeCompare(b.accountId))) {
    if (isByHand(t.accessMethod)) {
      const status = t.setupStatus === "done" ? "done" : t.setupStatus === "failed" ? "failed" : "pending";
      accounts.push({ accountId: t.accountId, kind: "target", source: "by-hand", status, error: status === "failed" ? t.setupError : null });
      counts.byHand.total++;
      counts.byHand[status === "done" ? "verified" : status === "failed" ? "failed" : "waiting"]++;
      continue;
    }
    const live = input.inRun.get(t.accountId);
    if (live !== undefined) {
      const status = portalStatus(live);
      accounts.push({ accountId: t.accountId, kind: "target", source: "run", status, error: null });
      countPortal(status);
    } else {
      const status = t.setupStatus === "done" ? "done" : t.setupStatus === "failed" ? "failed" : "pending";
      accounts.push({ accountId: t.accountId, kind: "target", source: "earlier", status, error: status === "failed" ? t.setupError : null });
      countPortal(status);
      if (status === "done") counts.portal.fromEarlierRun++;
    }
  }
  return { accounts, counts };
}

function portalStatus(s: RunAccountStatus): MergedAccount["status"] {
  // A portal account whose steps were all skipped never started (the run was cancelled).
  return s === "skipped" ? "pending" : s;
}

/** One line for the progress bar, e.g. "3 of 3 set up by the portal, 1 by you: waiting for Verify". */
export function progressLine(counts: MergedCounts): string {
  const { portal, byHand } = counts;
  const parts = [`${portal.done} of ${portal.total} set up by the portal`];
  if (portal.failed) parts[0] += ` (${portal.failed} failed)`;
  if (byHand.total) {
    const state =
      byHand.verified === byHand.total
        ? "verified"
        : byHand.failed
          ? `${byHand.failed} failed Verify${byHand.verified ? `, ${byHand.verified} verified` : ""}${byHand.waiting ? `, ${byHand.waiting} waiting for Verify` : ""}`
          : byHand.verified
            ? `${byHand.verified} verified, ${byHand.waiting} waiting for Verify`
            : "waiting for Verify";
    parts.push(`${byHand.total} by you: ${state}`);
  }
  return parts.join(", ");
}

/**
 * The summary of a finished run over every account, e.g. "4 accounts: 1 changed, 1 unchanged,
 * 1 done in the previous run, 0 failed; 1 set up by you (waiting for Verify)".
 */
export function mergedSummary(input: { counts: MergedCounts; changed: number; nothingChanged: boolean }): string {
  const { portal, byHand } = input.counts;
  const all = portal.total + byHand.total;
  const byYou = byHand.total ? `; ${byHand.total} set up by you (${byHand.verified === byHand.total ? "verified" : `${byHand.verified} verified, ${byHand.total - byHand.verified} waiting for Verify`})` : "";
  if (input.nothingChanged && portal.failed === 0 && portal.pending === 0) {
    return `Nothing changed: all ${portal.total} account(s) the portal sets up were already as intended${byYou}.`;
  }
  const inRun = portal.done - portal.fromEarlierRun;
  const unchanged = Math.max(0, inRun - input.changed);
  const earlier = portal.fromEarlierRun ? `, ${portal.fromEarlierRun} done in the previous run` : "";
  const pending = portal.pending ? `, ${portal.pending} not set up yet` : "";
  return `${all} accounts: ${input.changed} changed, ${unchanged} unchanged${earlier}, ${portal.failed} failed${pending}${byYou}.`;
}
