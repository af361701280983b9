import "server-only";
import type { AccessModel } from "@/lib/model/types";
import type { AwsClients } from "../clients";
import { toAwsOperationError } from "../errors";
import { assumeRole } from "../operations/assume-role";
import { applyManagedPolicy, inspectManagedPolicy } from "../operations/ensure-managed-policy";
import { AppliedThenFailedError, applyRole, inspectRole } from "../operations/ensure-role";
import { applyUser, inspectUser } from "../operations/ensure-user";
import { accessFor, reachAccount, reachDescription } from "../operations/reach-account";
import type { Outcome } from "../operations/types";
import { mapPool } from "../pool";
import { roleArn } from "@/lib/policies";
import { desiredForHome, desiredForTarget, rolloutTargets } from "./desired-state";
import type { AccountResult, RolloutAccess, RolloutEvent, RolloutOptions, RolloutResult, RolloutStepId, StepResult } from "./types";
import { rolloutStepsOf } from "./types";

const HOME_STEPS = rolloutStepsOf("home");
const TARGET_STEPS = rolloutStepsOf("target");

const VERB: Record<Outcome, string> = { created: "Created", updated: "Updated", unchanged: "Already as intended:" };

class AccountRun {
  readonly steps: StepResult[] = [];
  calls = 0;
  /** The run was cancelled before this account started: nothing was read or changed in it. */
  notStarted = false;
  constructor(
    readonly accountId: string,
    readonly kind: "home" | "target",
    private readonly onEvent: RolloutOptions["onEvent"],
  ) {}

  emit(e: Omit<RolloutEvent, "accountId" | "at">): void {
    this.onEvent?.({ accountId: this.accountId, at: new Date().toISOString(), ...e });
  }

  /** Runs one step, emitting running → done/failed; returns undefined when it failed. */
  async step<T extends { outcome: Outcome; arn: string; details?: string[] }>(step: RolloutStepId, running: string, fn: () => Promise<T>): Promise<T | undefined> {
    this.emit({ step, status: "running", message: running });
    try {
      const r = await fn();
      this.done(step, r.outcome, r.arn, `${VERB[r.outcome]} ${r.arn}`, r.details);
      return r;
    } catch (err) {
      this.fail(step, err);
      return undefined;
    }
  }

  done(step: RolloutStepId, outcome: Outcome | undefined, arn: string | undefined, message: string, details?: string[]): void {
    this.steps.push({ step, status: "done", outcome, arn, details });
    this.emit({ step, status: "done", message, outcome, arn, details });
  }

  fail(step: RolloutStepId, err: unknown): void {
    const e = toAwsOperationError(err).toJSON();
    // Something was created or changed before the step failed: keep that fact beside the error.
    const applied = err instanceof AppliedThenFailedError ? { outcome: err.outcome, arn: err.arn } : {};
    this.steps.push({ step, status: "failed", ...applied, error: e });
    this.emit({ step, status: "failed", message: `${e.message}. ${e.cause} ${e.fix}`, ...applied, error: e });
  }

  skip(step: RolloutStepId, message: string): void {
    this.steps.push({ step, status: "skipped" });
    this.emit({ step, status: "skipped", message });
  }

  result(): AccountResult {
    const failed = this.steps.some((s) => s.status === "failed");
    return {
      accountId: this.accountId,
      kind: this.kind,
      status: this.notStarted ? "not-started" : failed ? "failed" : this.steps.every((s) => s.status === "skipped") ? "skipped" : "done",
      steps: this.steps,
      calls: this.calls,
      changed: this.steps.some((s) => s.outcome === "created" || s.outcome === "updated"),
    };
  }
}

async function runHome(model: AccessModel, access: RolloutAccess, run: AccountRun): Promise<void> {
  const home = access.home.withObserver(() => run.calls++);
  const desired = desiredForHome(model);
  // Inspect and create the policies and the user concurrently; attaching waits for the policies.
  let policiesDone!: Promise<unknown>;
  const policies = run.step("read-roles-policy", `Ensuring ${desired.policies.map((p) => p.name).join(", ")}`, async () => {
    const work = Promise.all(desired.policies.map(async (p) => applyManagedPolicy(home.iam, p, await inspectManagedPolicy(home.iam, p))));
    policiesDone = work;
    const results = await work;
    const outcome: Outcome = results.some((r) => r.outcome === "created") ? "created" : results.some((r) => r.outcome === "updated") ? "updated" : "unchanged";
    const details = results.flatMap((r) => [`${r.arn}: ${r.outcome}`, ...(r.details ?? [])]);
    return { outcome, arn: results.map((r) => r.arn).join(", "), details };
  });
  const user = run.step("collector-user", `Ensuring user ${desired.user.name}`, async () => {
    const state = await inspectUser(home.iam, desired.user);
    return applyUser(home.iam, desired.user, state, policiesDone);
  });
  await Promise.all([policies, user]);
}

async function runTarget(model: AccessModel, access: RolloutAccess, accountId: string, run: AccountRun, options: RolloutOptions): Promise<void> {
  if (accessFor(access, accountId).kind === "manual") {
    for (const s of TARGET_STEPS) run.skip(s, `Set up by hand: the portal does not reach ${accountId}; verify it once you have built it`);
    return;
  }
  const counted = access.home.withObserver(() => run.calls++);
  const desired = desiredForTarget(model, accountId);

  const how = reachDescription(accessFor(access, accountId), accountId, model.homeAccountId, Boolean(access.overrides?.[accountId]));
  run.emit({ step: "reach-account", status: "running", message: `Reaching ${accountId} ${how}` });
  let clients: AwsClients;
  try {
    clients = await reachAccount(counted, model.homeAccountId, accountId, access);
    run.done("reach-account", undefined, undefined, `Reached ${accountId} ${how}`);
  } catch (err) {
    run.fail("reach-account", err);
    for (const s of TARGET_STEPS.slice(1)) run.skip(s, "Skipped: the account could not be reached");
    return;
  }

  let policyApplied!: Promise<unknown>;
  const policy = run.step("inventory-policy", `Ensuring ${desired.policy.name}`, async () => {
    const work = inspectManagedPolicy(clients.iam, desired.policy).then((state) => applyManagedPolicy(clients.iam, desired.policy, state));
    policyApplied = work;
    return work;
  });
  const role = run.step("role", `Ensuring role ${desired.role.name}`, async () => {
    const state = await inspectRole(clients.iam, desired.role);
    return applyRole(clients.iam, desired.role, state, policyApplied);
  });
  const [, roleResult] = await Promise.all([policy, role]);

  if (!roleResult) return run.skip("verify-role", "Skipped: the role step failed");
  if (!(roleResult.outcome === "created" || roleResult.trustChanged)) return run.skip("verify-role", "Nothing to confirm: the role and its trust did not change");
  if (options.verifyRoles === false) return run.skip("verify-role", "Not confirmed (verification turned off)");

  const arn = roleArn(model, accountId);
  run.emit({ step: "verify-role", status: "running", message: `Assuming ${arn} from the home account` });
  try {
    await assumeRole(counted, {
      roleArn: arn,
      externalId: model.externalId,
      sessionName: "beaconport-verify",
      propagation: {
        ...options.propagation,
        signal: options.signal,
        onPropagating: (info) => {
          run.emit({
            step: "verify-role",
            status: "propagating",
            message: `IAM is still propagating the new role (AWS answered ${info.code} after ${Math.round(info.elapsedMs / 100) / 10} s); retrying in ${Math.round(info.nextDelayMs)} ms`,
          });
          options.propagation?.onPropagating?.(info);
        },
      },
    });
    run.done("verify-role", undefined, arn, `The home account can assume ${arn}`);
  } catch (err) {
    run.fail("verify-role", err);
  }
}

/**
 * Applies the model: the home account's read-roles policies and collector user, and in each
 * target account the inventory policy and role. Bounded concurrency across accounts; a failed
 * account is reported and the others go on; safe to run again (unchanged things stay unchanged,
 * a run after a partial failure finishes the rest). The access key is a separate, explicit step
 * (`createAccessKey`) because its secret is shown once.
 */
export async function runRollout(model: AccessModel, access: RolloutAccess, options: RolloutOptions = {}): Promise<RolloutResult> {
  const targets = rolloutTargets(model, options.only);
  const runs: AccountRun[] = [new AccountRun(model.homeAccountId, "home", options.onEvent), ...targets.map((id) => new AccountRun(id, "target", options.onEvent))];
  for (const r of runs) {
    for (const step of r.kind === "home" ? HOME_STEPS : TARGET_STEPS) r.emit({ step, status: "waiting", message: "Waiting" });
  }
  await mapPool(
    runs,
    options.concurrency ?? 16,
    async (r) => {
      if (r.kind === "home") await runHome(model, access, r);
      else await runTarget(model, access, r.accountId, r, options);
    },
    options.signal,
  );
  for (const r of runs) {
    // Accounts never started because the run was cancelled: not started, neither unchanged nor done.
    if (r.steps.length === 0) {
      r.notStarted = true;
      for (const step of r.kind === "home" ? HOME_STEPS : TARGET_STEPS) r.skip(step, "Not started: the run was cancelled before this account started; run again to set it up");
    }
  }
  const accounts = runs.map((r) => r.result());
  const failed = accounts.filter((a) => a.status === "failed").map((a) => a.accountId);
  const notStartedAccounts = accounts.filter((a) => a.status === "not-started").map((a) => a.accountId);
  // Every account is counted once: changed, unchanged, failed or not started (an account that
  // changed something and then failed is failed).
  const changedCount = accounts.filter((a) => a.changed && a.status !== "failed").length;
  const unchangedCount = accounts.length - changedCount - failed.length - notStartedAccounts.length;
  return {
    accounts,
    changed: accounts.some((a) => a.changed),
    failedAccounts: accounts.filter((a) => a.status === "failed" || a.status === "not-started").map((a) => a.accountId),
    notStartedAccounts,
    summary: `${accounts.length} accounts: ${changedCount} changed, ${unchangedCount} unchanged, ${failed.length} failed${notStartedAccounts.length ? `, ${notStartedAccounts.length} not started` : ""}`,
  };
}
