import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { MAX_EVENT_SEQ, type JsonValue, type RunEventView, type RunStatus, type RunSummary, type RunView, type StepStatus } from "./types";

/** The run row alone (status, progress, result), without reading any event. */
export async function getRunSummary(runId: string): Promise<RunSummary> {
  const run = await getDb().run.findUnique({ where: { id: runId } });
  if (!run) throw new AppError("NOT_FOUND", "That run does not exist.");
  return {
    id: run.id,
    kind: run.kind,
    connectionId: run.connectionId,
    status: run.status as RunStatus,
    total: run.total,
    completed: run.completed,
    failed: run.failed,
    result: parse(run.result),
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

/** A run and its events after `afterSeq`, as plain data (never credentials: nothing stored holds any). */
export async function getRun(runId: string, options: { afterSeq?: number } = {}): Promise<RunView> {
  const afterSeq = options.afterSeq ?? 0;
  // A position RunEvent.seq cannot hold is the caller's mistake (PostgreSQL would fail the query).
  if (!Number.isSafeInteger(afterSeq) || afterSeq < 0 || afterSeq > MAX_EVENT_SEQ) {
    throw new AppError("VALIDATION", `The event position must be a whole number from 0 to ${MAX_EVENT_SEQ}.`);
  }
  const summary = await getRunSummary(runId);
  const events = await getDb().runEvent.findMany({ where: { runId, seq: { gt: afterSeq } }, orderBy: { seq: "asc" } });
  // The position is what this answer delivered, never a fresh look at the table: events written between
  // the read above and such a look would be skipped by the next poll (seen on PostgreSQL).
  const last = events.at(-1)?.seq ?? afterSeq;
  return {
    ...summary,
    events: events.map(
      (e): RunEventView => ({
        seq: e.seq,
        at: e.at.toISOString(),
        accountId: e.accountId,
        step: e.step,
        status: e.status as StepStatus,
        message: e.message,
        outcome: e.outcome,
        arn: e.arn,
        details: parse(e.details),
      }),
    ),
    lastSeq: last,
  };
}

/** The latest run of a kind for a connection, if any (the page shows it on load). */
export async function latestRunId(connectionId: string, kind: string): Promise<string | null> {
  const run = await getDb().run.findFirst({
    where: { connectionId, kind },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  return run?.id ?? null;
}

function parse(text: string | null): JsonValue | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return null;
  }
}
