import "server-only";
import { recordAudit } from "@/lib/audit";
import { isAppError, type ErrorCode, type PublicError } from "@/lib/errors";
import { log } from "@/lib/log";

/** Codes that mean "we said no" (the request was wrong or not allowed); anything else is a failure. */
const REFUSAL_CODES = new Set<ErrorCode>(["VALIDATION", "FORBIDDEN", "CONFLICT", "NOT_FOUND", "RATE_LIMITED", "UNAUTHENTICATED"]);
// Ids are the only input values recorded: they name what was aimed at and are never secret. Anything
// else the caller typed (passwords, keys, tokens, webhook URLs with credentials) stays out.
const ID_FIELDS = ["connectionId", "userId", "runId", "accountId", "id"] as const;
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface OutcomeAudit {
  /** The change's dotted verb (`user.role`); the event is `<verb>.refused` or `<verb>.failed`. */
  verb: string;
  entityType?: string | null;
  actor: { id: string; email: string } | null;
  ip: string | null;
  /** The raw input, only to pick an id field from it. */
  input?: unknown;
  error: unknown;
  /** What the caller was told (its code, and the log reference of an unexpected error). */
  shown: PublicError;
}

function entityIdOf(input: unknown): string | null {
  if (!input || typeof input !== "object") return null;
  for (const field of ID_FIELDS) {
    const value = (input as Record<string, unknown>)[field];
    if (typeof value === "string" && SAFE_ID.test(value)) return value;
  }
  return null;
}

/**
 * Whether a refusal is worth an audit event. Refusals nobody can be held to are left to the log: an
 * anonymous caller without a session (any scanner could fill the trail with those), and an anonymous
 * caller already rate limited (the attempts that got it limited are recorded; the flood after is not).
 */
function worthRecording(event: OutcomeAudit): boolean {
  const code = event.shown.code;
  if (code === "UNAUTHENTICATED") return false;
  if (code === "RATE_LIMITED" && !event.actor) return false;
  return true;
}

/**
 * Records a change that did not happen: `<verb>.refused` (validation, authorization, conflict, ...) or
 * `<verb>.failed` (AWS or an unexpected error), with the error code, the names of the fields that failed
 * validation and the reference of an unexpected error — never the submitted values or an error message
 * (AWS messages carry ARNs and account ids; ours may echo input). Best effort: a failure to write it is
 * logged and the caller still gets its answer.
 */
export async function auditOutcome(event: OutcomeAudit): Promise<void> {
  if (!worthRecording(event)) return;
  const { code } = event.shown;
  const refused = isAppError(event.error) && REFUSAL_CODES.has(code);
  const after: Record<string, unknown> = { code };
  if (event.shown.fieldErrors) after.fields = Object.keys(event.shown.fieldErrors).sort();
  if (event.shown.reference) after.reference = event.shown.reference;
  try {
    await recordAudit({
      action: `${event.verb}.${refused ? "refused" : "failed"}`,
      actor: event.actor,
      entityType: event.entityType ?? null,
      entityId: entityIdOf(event.input),
      after,
      ip: event.ip,
    });
  } catch (error) {
    log.error("audit.outcome_not_recorded", { verb: event.verb, code, error: error instanceof Error ? error.name : "unknown" });
  }
}
