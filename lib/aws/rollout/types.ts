import type { AwsErrorInfo } from "../errors";
import type { AwsClients } from "../clients";
import type { AccountAccess } from "../operations/reach-account";
import type { PlanNote } from "../operations/plan-notes";
import type { Outcome, PlannedChange } from "../operations/types";
import type { PropagationOptions } from "../propagation";

export type { Outcome, PlannedChange };

/**
 * The rollout's steps, in order, with the procedure step each one performs. The home account runs
 * `read-roles-policy` and `collector-user`; each target account runs the other four.
 */
export const ROLLOUT_STEPS = [
  { id: "reach-account", procedureStep: 1, label: "Reach account", title: "Reach the target account (assume its admin role, or use its own credentials)", scope: "target" },
  { id: "inventory-policy", procedureStep: 2, label: "Inventory policy", title: "Inventory policy (EC2, IAM, RDS read access)", scope: "target" },
  { id: "role", procedureStep: 4, label: "Role", title: "Role trusting the home account, with the inventory policy", scope: "target" },
  { id: "verify-role", procedureStep: 4, label: "Role can be assumed", title: "Role can be assumed from the home account", scope: "target" },
  { id: "read-roles-policy", procedureStep: 3, label: "Read-roles policy", title: "Read-roles policy with the exact role ARNs", scope: "home" },
  { id: "collector-user", procedureStep: 6, label: "Collector user", title: "Collector user with the read-roles policy attached (managed)", scope: "home" },
] as const;

export type RolloutStepId = (typeof ROLLOUT_STEPS)[number]["id"];
export type RolloutScope = (typeof ROLLOUT_STEPS)[number]["scope"];

/** One scope's steps, in the order they run. */
export function rolloutStepsOf(scope: RolloutScope): RolloutStepId[] {
  return ROLLOUT_STEPS.filter((s) => s.scope === scope).map((s) => s.id);
}

/** Whether a run event's step is one of this scope's rollout steps (events also carry other steps). */
export function isRolloutStepOf(scope: RolloutScope, step: string): boolean {
  return ROLLOUT_STEPS.some((s) => s.id === step && s.scope === scope);
}

/** The short label with the procedure's step, e.g. "Inventory policy (2)"; an unknown step as it is. */
export function rolloutStepLabel(step: string): string {
  const s = ROLLOUT_STEPS.find((x) => x.id === step);
  return s ? `${s.label} (${s.procedureStep})` : step;
}

export type RolloutStatus = "waiting" | "running" | "propagating" | "done" | "failed" | "skipped";

export interface RolloutEvent {
  accountId: string;
  step: RolloutStepId;
  status: RolloutStatus;
  /** One line for the UI; never contains a secret. */
  message: string;
  outcome?: Outcome;
  arn?: string;
  details?: string[];
  error?: AwsErrorInfo & { message: string };
  /** ISO time. */
  at: string;
}

/** Who runs the rollout: an administrator of the home account, and how to reach each target. */
export interface RolloutAccess extends AccountAccess {
  /** Clients with administrator credentials of the home account. */
  home: AwsClients;
}

export interface AccountPlan {
  accountId: string;
  kind: "home" | "target";
  changes: PlannedChange[];
  /** Things found that the rollout will report but not change (inline policies, other attachments, ...), as data. */
  planNotes: PlanNote[];
  /** The same notes as users read them (`describePlanNote`). */
  notes: string[];
  /** Set when the account could not be read; the run will try again. */
  error?: AwsErrorInfo & { message: string };
  /** SDK calls the plan made for this account (all reads): the run makes the same reads, plus one call per change. */
  readCalls: number;
  /** Whether the run will confirm the role with a first AssumeRole (new role or new trust). */
  verifiesRole: boolean;
  /** The administrator sets this account up by hand (`TargetAccess` kind "manual"): nothing is read or planned there. */
  manual?: boolean;
}

export interface RolloutPlan {
  homeAccountId: string;
  accounts: AccountPlan[];
  /** Total planned write calls. */
  totalChanges: number;
  /** No account needs a change and every account could be read. */
  upToDate: boolean;
}

export interface RolloutOptions {
  /** Accounts in flight at once (default 16). */
  concurrency?: number;
  onEvent?: (event: RolloutEvent) => void;
  signal?: AbortSignal;
  /** Retry window for the new role's first AssumeRole (default two minutes). */
  propagation?: PropagationOptions;
  /** Confirm each new or re-trusted role by assuming it from the home account (default true). */
  verifyRoles?: boolean;
  /**
   * The target accounts to process (default: every target of the model). The others are neither read
   * nor changed, emit no events and are absent from the result. The home account is always processed:
   * its read-roles policy names every target of the model.
   */
  only?: readonly string[];
}

export interface StepResult {
  step: RolloutStepId;
  status: "done" | "failed" | "skipped";
  outcome?: Outcome;
  arn?: string;
  details?: string[];
  error?: AwsErrorInfo & { message: string };
}

export interface AccountResult {
  accountId: string;
  kind: "home" | "target";
  /** "skipped": every step was skipped (set up by hand); "not-started": the run was cancelled before it. */
  status: "done" | "failed" | "skipped" | "not-started";
  steps: StepResult[];
  /** SDK calls made for this account (including the AssumeRole that reached it). */
  calls: number;
  /** Whether anything was created or updated. */
  changed: boolean;
}

export interface RolloutResult {
  accounts: AccountResult[];
  changed: boolean;
  /** Accounts that are not done: failed, or not started because the run was cancelled. Run again to finish them. */
  failedAccounts: string[];
  /** The accounts the run never started (it was cancelled); also in `failedAccounts`. */
  notStartedAccounts: string[];
  /** Every account once, e.g. "4 accounts: 1 changed, 3 unchanged, 0 failed" (", 2 not started" after a cancel). */
  summary: string;
}
