/** What an idempotent operation did. Plain data: goes into rollout events and the UI. */
export type Outcome = "created" | "updated" | "unchanged";

export interface OperationResult {
  outcome: Outcome;
  arn: string;
  /** Human-readable notes: what changed, or what was found and deliberately left alone. */
  details?: string[];
}

/** One change a plan would make (or a note about something it will not touch). */
export interface PlannedChange {
  /** e.g. `create-policy`, `new-policy-version`, `update-trust-policy`, `attach-role-policy`. */
  kind: string;
  /** The IAM write call it takes, e.g. `iam:CreatePolicy`. */
  action: string;
  arn: string;
  description: string;
}
