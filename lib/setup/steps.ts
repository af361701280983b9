/**
 * The eight numbered steps of the procedure ("Configuring Connections to AWS using IAM Roles"), in our
 * own words, with the procedure's numbers kept so a reader of the beacon documentation can follow
 * along. The wizard page, the reviewer view and the API render this one list. Pure (client-safe).
 */
export const SETUP_STEP_KEYS = ["sign-in", "inventory-policy", "read-roles-policy", "role", "accounts", "collector-user", "schedule", "connection"] as const;
export type SetupStepKey = (typeof SETUP_STEP_KEYS)[number];

export interface SetupStepInfo {
  number: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
  key: SetupStepKey;
  title: string;
  /** Two words or so for the stepper, where the full title does not fit. */
  short: string;
  /** Where it happens: the home account, each target account, or the beacon. */
  where: "home" | "targets" | "beacon";
  /** What the step does, one sentence. */
  what: string;
  /** Why it is needed, in plain words (shown under the title). */
  why: string;
}

export const SETUP_STEPS: readonly SetupStepInfo[] = [
  {
    number: 1,
    key: "sign-in",
    title: "Sign in to the home account",
    short: "Sign in",
    where: "home",
    what: "Choose how the setup is done: the portal calls AWS with temporary credentials you paste, or you make every change yourself and the portal checks it.",
    why: "Everything later is created by an administrator of the home account (the account that will hold the collector user), or through roles it may assume in the other accounts.",
  },
  {
    number: 2,
    key: "inventory-policy",
    title: "Target accounts and their inventory policy",
    short: "Inventory policy",
    where: "targets",
    what: "Pick the accounts to inventory and create, in each, a read-only policy for EC2 instances, dedicated hosts, reserved instances, the account alias and RDS DB instances.",
    why: "The beacon only reads inventory; this policy grants exactly those list/describe calls and nothing else, with RDS limited to the DB instances you choose.",
  },
  {
    number: 3,
    key: "read-roles-policy",
    title: "Read-roles policy in the home account",
    short: "Read-roles policy",
    where: "home",
    what: "A policy that lets the collector user read its own policies and assume the inventory role of each target account, naming every role ARN exactly.",
    why: "The beacon discovers the accounts it may collect from by reading this policy: a wildcard or a missing ARN means that account is silently never collected.",
  },
  {
    number: 4,
    key: "role",
    title: "Inventory role in each target account",
    short: "Role",
    where: "targets",
    what: "A role trusting the home account (optionally only with the external ID), with the inventory policy attached.",
    why: "The collector user holds no inventory rights itself; it borrows them per account by assuming this role, which keeps every account's access separately revocable.",
  },
  {
    number: 5,
    key: "accounts",
    title: "Every target account: plan and apply",
    short: "Accounts",
    where: "targets",
    what: "Steps 2 and 4 repeated for every target account: first a plan of exactly what will be created or changed, then the rollout with live status per account.",
    why: "One connection can collect from many accounts; each needs its own policy and role, and a partial failure must leave the other accounts done.",
  },
  {
    number: 6,
    key: "collector-user",
    title: "Collector user and its access key",
    short: "Collector user",
    where: "home",
    what: "The IAM user the beacon signs in as, with the read-roles policy attached as a managed policy, and an access key shown once with a credentials file to download.",
    why: "The beacon needs long-lived programmatic credentials; it only reads managed (attached) policies, so an inline policy would leave it unable to find any role.",
  },
  {
    number: 7,
    key: "schedule",
    title: "The \"AWS imports\" schedule",
    short: "Schedule",
    where: "beacon",
    what: "Confirm how often the beacon collects from AWS (every 30 minutes by default).",
    why: "AWS inventory is ephemeral (terminated instances vanish within the hour) and some licences, such as IBM PVU, need peak consumption sampled at most 30 minutes apart. The name stays fixed so connections link to it.",
  },
  {
    number: 8,
    key: "connection",
    title: "The beacon connection",
    short: "Connection",
    where: "beacon",
    what: "Name the connection, enter the collector's access key, the external ID and any proxy, test it, and save it once the test passes.",
    why: "This is the beacon's own dialog: Source Type Amazon Web Services, Adapter Type Direct. The beacon refuses to save a connection whose test fails, and so do we.",
  },
];

export function setupStep(key: SetupStepKey): SetupStepInfo {
  const step = SETUP_STEPS.find((s) => s.key === key);
  if (!step) throw new Error(`unknown setup step ${key}`);
  return step;
}

export function setupStepByNumber(n: number): SetupStepInfo | undefined {
  return SETUP_STEPS.find((s) => s.number === n);
}

/** How a sentence names a step: "step 5". The UI names steps by key, never by a number of its own. */
export function stepRef(key: SetupStepKey): string {
  return `step ${setupStep(key).number}`;
}

/** Two steps in a sentence: "steps 2 and 4" (or "steps 2 to 6" with `"to"`; "Steps 2 and 4" to begin one). */
export function stepsRef(first: SetupStepKey, second: SetupStepKey, joiner: "and" | "to" = "and", opening = false): string {
  return `${opening ? "Steps" : "steps"} ${setupStep(first).number} ${joiner} ${setupStep(second).number}`;
}

/** Status shown as a badge on each step card. */
export type StepState = "waiting" | "ready" | "running" | "done" | "failed" | "attention";
