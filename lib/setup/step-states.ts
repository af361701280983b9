/**
 * Where each step stands, derived from the stored connection and its latest runs (pure, so the page,
 * a reload and a second browser compute the same thing).
 */
import { isActive, isRetryable, type RunView } from "@/lib/runs/types";
import { SETUP_STEPS, setupStep, type SetupStepKey, type StepState } from "./steps";
import type { ConnectionView } from "@/lib/connections/types";

export interface SetupRuns {
  plan: RunView | null;
  rollout: RunView | null;
  verify: RunView | null;
}

export interface StepStatusInfo {
  state: StepState;
  /** One line shown next to the badge. */
  note: string;
}

function stepOutcome(run: RunView | null, step: string, accountFilter?: (accountId: string | null) => boolean): "done" | "failed" | "running" | "none" {
  if (!run) return "none";
  const latest = new Map<string, string>();
  for (const e of run.events) {
    if (e.step !== step) continue;
    if (accountFilter && !accountFilter(e.accountId)) continue;
    latest.set(e.accountId ?? "", e.status);
  }
  if (latest.size === 0) return "none";
  const states = [...latest.values()];
  // A step closed by an interruption never finished.
  if (states.some((s) => s === "failed" || s === "interrupted")) return "failed";
  if (states.some((s) => s === "running" || s === "propagating" || s === "waiting")) return isActive(run.status) ? "running" : "failed";
  return "done";
}

/** The latest rollout created (or found) the collector user: step 6 may create its access key. */
export function collectorUserReady(rollout: RunView | null): boolean {
  return stepOutcome(rollout, "collector-user") === "done";
}

export function computeStepStates(c: ConnectionView, runs: SetupRuns): Record<SetupStepKey, StepStatusInfo> {
  const accountsStep = `step ${setupStep("accounts").number}`;
  const connectionStep = `step ${setupStep("connection").number}`;
  const signIn = c.progress.signIn;
  const manual = c.mode === "manual";
  const verifyOk = runs.verify?.status === "succeeded";
  const out = {} as Record<SetupStepKey, StepStatusInfo>;

  if (!signIn) out["sign-in"] = { state: "ready", note: "Choose automated or do it yourself" };
  else if (signIn.mode === "manual") out["sign-in"] = { state: "done", note: "Do it yourself: no credentials given to the portal" };
  else if (signIn.missing && signIn.missing.length > 0) out["sign-in"] = { state: "attention", note: `${signIn.missing.length} permission(s) missing` };
  else out["sign-in"] = { state: "done", note: `Signed in to ${signIn.accountId ?? "the home account"}` };

  const hasTargets = c.targets.length > 0;
  const rollout = runs.rollout;
  const rolloutActive = rollout !== null && isActive(rollout.status);
  // Accounts set up by hand within an automated setup: done once their own Verify passed.
  const byHand = manual ? [] : c.targets.filter((t) => t.accessMethod === "manual");
  const byHandWaiting = byHand.filter((t) => t.setupStatus !== "done");
  const byHandIds = new Set(byHand.map((t) => t.accountId));
  const fromRun = (step: string, targetsOnly: boolean): StepStatusInfo | null => {
    if (manual) return null;
    const r = stepOutcome(rollout, step, targetsOnly ? (a) => a !== null && !byHandIds.has(a) : undefined);
    if (r === "done") return { state: "done", note: targetsOnly && byHandWaiting.length ? `Done in AWS; ${byHandWaiting.length} account(s) set up by you: verify in ${accountsStep}` : "Done in AWS" };
    if (r === "failed") return { state: "failed", note: "Failed: see the accounts below" };
    if (r === "running") return { state: "running", note: "Running…" };
    return null;
  };
  const manualState = (what: string): StepStatusInfo => (verifyOk ? { state: "done", note: "Verified" } : { state: hasTargets ? "ready" : "waiting", note: hasTargets ? `Build ${what}, then Verify` : "Add target accounts first" });

  // Automated: the step's content is the list of accounts and the policy's name; once both are there it
  // is done (what it creates, the run of the accounts step creates), and the wizard moves on.
  out["inventory-policy"] =
    fromRun("inventory-policy", true) ??
    (manual
      ? manualState("the inventory policies")
      : hasTargets && c.model.names?.inventoryPolicy
        ? { state: "done", note: `${c.targets.length} target account(s) chosen; the run in ${accountsStep} creates their policies` }
        : hasTargets
          ? { state: "ready", note: "Name the inventory policy" }
          : { state: signIn ? "ready" : "waiting", note: "Add the accounts to inventory" });
  out["read-roles-policy"] = fromRun("read-roles-policy", false) ?? (manual ? manualState("the read-roles policy") : { state: hasTargets ? "ready" : "waiting", note: hasTargets ? `Review the name; applied in ${accountsStep}` : "Needs the target accounts" });
  out["role"] = fromRun("role", true) ?? (manual ? manualState("the roles") : { state: hasTargets ? "ready" : "waiting", note: hasTargets ? `Choose the role name and external ID; applied in ${accountsStep}` : "Needs the target accounts" });

  if (manual) out["accounts"] = verifyOk ? { state: "done", note: "Verify passed" } : runs.verify?.status === "running" ? { state: "running", note: "Verifying…" } : runs.verify ? { state: "failed", note: "Verify found problems" } : manualState("everything");
  else if (!hasTargets || !c.accessModel) out["accounts"] = { state: "waiting", note: hasTargets ? "Complete the settings above" : "Add target accounts first" };
  else if (rolloutActive) out["accounts"] = { state: "running", note: `Running: ${rollout.completed + rollout.failed} of ${rollout.total} accounts finished` };
  else if (rollout?.status === "succeeded" && byHandWaiting.length > 0) {
    const failedVerify = byHandWaiting.filter((t) => t.setupStatus === "failed").length;
    out["accounts"] = { state: "attention", note: `Portal accounts done; ${byHandWaiting.length} set up by you ${failedVerify ? `(${failedVerify} failed Verify)` : "waiting for Verify"}` };
  } else if (rollout?.status === "succeeded") out["accounts"] = { state: "done", note: byHand.length ? `Every account set up (${byHand.length} by you, verified)` : "Every account set up" };
  else if (rollout && isRetryable(rollout.status)) out["accounts"] = { state: "failed", note: `${rollout.failed} account(s) failed: retry them` };
  else out["accounts"] = { state: "ready", note: runs.plan ? "Plan ready: review it, then run" : "Show the plan, then run" };

  const key = c.progress.accessKey;
  if (key) out["collector-user"] = { state: "done", note: key.status === "created" ? `Access key ${key.accessKeyId ?? ""} created` : "Keeping an existing access key" };
  else {
    const user = fromRun("collector-user", false);
    if (user?.state === "done") out["collector-user"] = { state: "ready", note: "User ready: create its access key" };
    else if (user) out["collector-user"] = user;
    else if (manual) out["collector-user"] = verifyOk ? { state: "done", note: "Verified" } : manualState("the collector user");
    else out["collector-user"] = { state: "waiting", note: `Created by the run in ${accountsStep}` };
  }
  if (manual && verifyOk && !key) out["collector-user"] = { state: "done", note: `Verified; enter its access key in ${connectionStep}` };

  out["schedule"] = c.schedule ? { state: "done", note: `Every ${c.schedule.intervalMinutes} minutes` } : { state: "ready", note: "Every 30 minutes recommended" };
  out["connection"] = c.status === "saved" ? { state: "done", note: "Saved" } : c.lastTestStatus === "failed" ? { state: "failed", note: "Test failed" } : c.lastTestStatus === "passed" ? { state: "ready", note: "Test passed: save it" } : { state: "waiting", note: "Test, then save" };
  return out;
}

/** The first step that is not done: the one shown expanded. */
export function activeStep(states: Record<SetupStepKey, StepStatusInfo>): SetupStepKey {
  return SETUP_STEPS.find((s) => states[s.key].state !== "done")?.key ?? "connection";
}
