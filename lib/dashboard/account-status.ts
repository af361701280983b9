/**
 * One status per target account, as the dashboard and the access map show it. Pure (client-safe).
 * Priority: a failing test outweighs drift (the beacon cannot collect at all), and drift outweighs a
 * passing test (it passed, but something changed since that needs a look).
 */
export const ACCOUNT_STATUSES = ["failing", "drift", "passing", "never"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const STATUS_LABEL: Record<AccountStatus, string> = {
  failing: "Failing",
  drift: "Drift",
  passing: "Passing",
  never: "Never tested",
};

export const STATUS_TONE: Record<AccountStatus, "red" | "amber" | "green" | "slate"> = {
  failing: "red",
  drift: "amber",
  passing: "green",
  never: "slate",
};

export function accountStatus(input: { lastTestStatus: string | null; hasDrift: boolean }): AccountStatus {
  if (input.lastTestStatus === "failed") return "failing";
  if (input.hasDrift) return "drift";
  if (input.lastTestStatus === "passed") return "passing";
  return "never";
}
