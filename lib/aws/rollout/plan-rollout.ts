import "server-only";
import type { AccessModel } from "@/lib/model/types";
import { toAwsOperationError } from "../errors";
import { inspectManagedPolicy, plannedManagedPolicyChanges } from "../operations/ensure-managed-policy";
import { inspectRole, plannedRoleChanges, roleNotes } from "../operations/ensure-role";
import { inspectUser, plannedUserChanges, userNotes } from "../operations/ensure-user";
import { describePlanNote, type PlanNote } from "../operations/plan-notes";
import { accessFor, reachAccount } from "../operations/reach-account";
import { mapPool } from "../pool";
import { desiredForHome, desiredForTarget, rolloutTargets } from "./desired-state";
import type { AccountPlan, RolloutAccess, RolloutPlan } from "./types";

/** The plan's notes as data and as the words users read. */
function withNotes(planNotes: PlanNote[]): Pick<AccountPlan, "planNotes" | "notes"> {
  return { planNotes, notes: planNotes.map(describePlanNote) };
}

export async function planHome(model: AccessModel, access: RolloutAccess): Promise<AccountPlan> {
  let calls = 0;
  const home = access.home.withObserver(() => calls++);
  const desired = desiredForHome(model);
  try {
    const [policyStates, userState] = await Promise.all([
      Promise.all(desired.policies.map((p) => inspectManagedPolicy(home.iam, p))),
      inspectUser(home.iam, desired.user),
    ]);
    const changes = [...policyStates.flatMap((s, i) => plannedManagedPolicyChanges(s, desired.policies[i]!)), ...plannedUserChanges(userState, desired.user)];
    return { accountId: model.homeAccountId, kind: "home", changes, ...withNotes(userNotes(userState, desired.user)), readCalls: calls, verifiesRole: false };
  } catch (err) {
    return { accountId: model.homeAccountId, kind: "home", changes: [], ...withNotes([]), error: toAwsOperationError(err).toJSON(), readCalls: calls, verifiesRole: false };
  }
}

export async function planTarget(model: AccessModel, access: RolloutAccess, accountId: string): Promise<AccountPlan> {
  if (accessFor(access, accountId).kind === "manual") {
    return { accountId, kind: "target", changes: [], ...withNotes([{ kind: "manual-account" }]), readCalls: 0, verifiesRole: false, manual: true };
  }
  let calls = 0;
  const counted = access.home.withObserver(() => calls++);
  const desired = desiredForTarget(model, accountId);
  try {
    const clients = await reachAccount(counted, model.homeAccountId, accountId, access);
    const [policyState, roleState] = await Promise.all([inspectManagedPolicy(clients.iam, desired.policy), inspectRole(clients.iam, desired.role)]);
    const roleChanges = plannedRoleChanges(roleState, desired.role);
    return {
      accountId,
      kind: "target",
      changes: [...plannedManagedPolicyChanges(policyState, desired.policy), ...roleChanges],
      ...withNotes(roleNotes(roleState, desired.role)),
      readCalls: calls,
      verifiesRole: roleChanges.some((c) => c.kind === "create-role" || c.kind === "update-trust-policy"),
    };
  } catch (err) {
    return { accountId, kind: "target", changes: [], ...withNotes([]), error: toAwsOperationError(err).toJSON(), readCalls: calls, verifiesRole: false };
  }
}

/**
 * What a rollout would create or change, per account, using read-only calls. An account that
 * cannot be read gets `error` and does not stop the plan.
 */
export async function planRollout(model: AccessModel, access: RolloutAccess, options: { concurrency?: number; signal?: AbortSignal; only?: readonly string[] } = {}): Promise<RolloutPlan> {
  const targets = rolloutTargets(model, options.only);
  const jobs: (() => Promise<AccountPlan>)[] = [() => planHome(model, access), ...targets.map((id) => () => planTarget(model, access, id))];
  const accounts = (await mapPool(jobs, options.concurrency ?? 16, (job) => job(), options.signal)).filter((a): a is AccountPlan => a !== undefined);
  const totalChanges = accounts.reduce((n, a) => n + a.changes.length, 0);
  return { homeAccountId: model.homeAccountId, accounts, totalChanges, upToDate: totalChanges === 0 && accounts.every((a) => !a.error) };
}
