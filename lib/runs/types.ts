/**
 * Plain shapes of a run as the browser sees it (no server imports: client components use these types).
 */
export const RUN_STATUSES = ["queued", "running", "succeeded", "partial", "failed", "interrupted"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** "interrupted": the step was still open when its run was interrupted (the process stopped). */
export const STEP_STATUSES = ["waiting", "running", "propagating", "done", "failed", "skipped", "interrupted"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/**
 * RunEvent.seq is a 32-bit integer column on PostgreSQL (SQLite's is 64-bit): a position outside that
 * range is a caller's mistake, refused as one (400 from the API) instead of a database error (500).
 */
export const MAX_EVENT_SEQ = 2_147_483_647;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface RunEventInput {
  accountId?: string;
  step: string;
  status: StepStatus;
  message: string;
  outcome?: "created" | "updated" | "unchanged";
  arn?: string;
  /** Plain data only (error code, cause, fix, what was found). Redacted again before it is stored. */
  details?: unknown;
}

export interface RunEventView {
  seq: number;
  at: string;
  accountId: string | null;
  step: string;
  status: StepStatus;
  message: string;
  outcome: string | null;
  arn: string | null;
  details: JsonValue | null;
}

/** A run without its events (what a check of status or result needs). */
export interface RunSummary {
  id: string;
  kind: string;
  connectionId: string | null;
  status: RunStatus;
  total: number;
  completed: number;
  failed: number;
  result: JsonValue | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RunView extends RunSummary {
  /** Events with seq > afterSeq, in order. */
  events: RunEventView[];
  /** Highest seq delivered: the last event of this answer, or afterSeq when nothing is new (pass it back as afterSeq to get only what is new). */
  lastSeq: number;
}

export function isActive(status: RunStatus): boolean {
  return status === "queued" || status === "running";
}

/** A finished run that did not (wholly) succeed: "Retry" may run what it left undone. */
export function isRetryable(status: RunStatus): boolean {
  return status === "partial" || status === "failed" || status === "interrupted";
}
