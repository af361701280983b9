import "server-only";
import { getDb, isUniqueViolation } from "@/lib/db";
import { AppError, toPublicError } from "@/lib/errors";
import { INSTANCE_ID } from "@/lib/instance";
import { log, logUnexpected, redact, withLogContext } from "@/lib/log";
import { exclusiveKeyOf, RUN_HEARTBEAT_MS, RUN_STALE_AFTER_MS } from "./liveness";
import { markInterruptedRuns } from "./mark-interrupted-runs";
import type { z } from "zod";
import type { RunKind } from "./run-kind";
import type { RunEventInput, RunStatus } from "./types";

export { RUN_HEARTBEAT_MS, RUN_STALE_AFTER_MS };

export interface RunContext {
  runId: string;
  /** Record a status change; written in order, in batches, without blocking the work. */
  emit(event: RunEventInput): void;
  /** Update the progress counters shown as a progress bar. */
  progress(counts: { total?: number; completed?: number; failed?: number }): void;
  /** Aborted when the server shuts down. */
  signal: AbortSignal;
}

export interface RunOutcome<R = unknown> {
  status: Extract<RunStatus, "succeeded" | "partial" | "failed">;
  /** Plain data shown by the UI, of the kind's result schema; redacted before it is stored. */
  result?: R;
  /** Safe message when the run as a whole failed. */
  error?: string;
}

export interface StartRunOptions<S extends z.ZodType = z.ZodType> {
  /** What the run is: its id and the schema of the result it stores. */
  kind: RunKind<S>;
  connectionId?: string;
  createdById?: string;
  total?: number;
}

const FLUSH_DELAY_MS = 150;
/** Every unfinished run of this process, with or without a connection. */
const unfinished = new Set<Promise<void>>();
const shutdown = new AbortController();
/** Ids of this process's active runs, whose heartbeat it keeps fresh. */
const beating = new Set<string>();
let heartbeat: ReturnType<typeof setInterval> | null = null;

/** Refreshes the heartbeat of this process's active runs (also called by tests). */
export async function beatRuns(now = new Date()): Promise<number> {
  if (beating.size === 0) return 0;
  const { count } = await getDb().run.updateMany({ where: { id: { in: [...beating] }, status: { in: ["queued", "running"] } }, data: { heartbeatAt: now } });
  return count;
}

function keepBeating(runId: string): void {
  beating.add(runId);
  heartbeat ??= setInterval(() => {
    if (beating.size === 0) {
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
      return;
    }
    beatRuns().catch((error: unknown) => log.error("run.heartbeat_failed", { error: error instanceof Error ? error.name : "unknown" }));
  }, RUN_HEARTBEAT_MS);
  heartbeat.unref();
}

/**
 * Starts long work (a rollout, a connection test, ...) in this server process and returns at once.
 * Server actions from one tab run one at a time, so long work must not live inside a request; the page
 * follows the run through its stored events instead, which also makes a reload or a second browser show
 * the same state. Anything the work needs that must not be stored (credentials) stays in its closure.
 */
export async function startRun<S extends z.ZodType>(options: StartRunOptions<S>, work: (ctx: RunContext) => Promise<RunOutcome<z.input<NoInfer<S>>>>): Promise<{ runId: string }> {
  const db = getDb();
  const exclusiveKey = options.connectionId ? exclusiveKeyOf(options.connectionId, options.kind.id) : null;
  const insert = async (): Promise<{ id: string } | null> => {
    try {
      return await db.run.create({
        data: {
          kind: options.kind.id,
          connectionId: options.connectionId ?? null,
          createdById: options.createdById ?? null,
          total: options.total ?? 0,
          status: "running",
          startedAt: new Date(),
          instanceId: INSTANCE_ID,
          heartbeatAt: new Date(),
          exclusiveKey,
        },
        select: { id: true },
      });
    } catch (error) {
      // The unique exclusiveKey is the one-run-at-a-time rule, for every instance on the database (a
      // look-up before the insert, or a lock in this process's memory, lets two instances both pass).
      if (exclusiveKey && isUniqueViolation(error)) return null;
      throw error;
    }
  };

  let claimed = await insert();
  // The holder may be a run whose process died (stale heartbeat): interrupt it now instead of making
  // the user wait for the sweeper, then try once more. A live holder keeps its claim.
  if (!claimed && exclusiveKey && (await markInterruptedRuns({ exclusiveKey })) > 0) claimed = await insert();
  if (!claimed) throw alreadyRunning(options.kind.id);
  const run = claimed;
  const writer = new EventWriter(run.id);
  const ctx: RunContext = {
    runId: run.id,
    emit: (event) => writer.push(event),
    progress: (counts) => writer.setProgress(counts),
    signal: shutdown.signal,
  };

  // Every line logged by the run, its failure included, carries its id (lib/log/context.ts).
  const done = withLogContext({ runId: run.id }, async () => {
    let outcome: RunOutcome<z.input<S>>;
    try {
      outcome = await work(ctx);
    } catch (error) {
      const pub = toPublicError(error, logUnexpected);
      outcome = { status: "failed", error: pub.hint ? `${pub.message} ${pub.hint}` : pub.message };
    }
    try {
      await writer.close();
      await db.run.update({
        where: { id: run.id },
        data: {
          status: outcome.status,
          result: outcome.result === undefined ? null : JSON.stringify(redact(outcome.result)),
          error: outcome.error ?? null,
          finishedAt: new Date(),
          // Finished: the next run of this kind on this connection may start.
          exclusiveKey: null,
        },
      });
    } catch (error) {
      log.error("run.finish_failed", { error: error instanceof Error ? error.name : "unknown" });
    }
  }).finally(() => {
    beating.delete(run.id);
    unfinished.delete(done);
  });
  unfinished.add(done);
  keepBeating(run.id);
  return { runId: run.id };
}

function alreadyRunning(kind: string): AppError {
  return new AppError("CONFLICT", `A ${kind.replace(/-/g, " ")} is already running for this connection.`, {
    hint: "Wait for it to finish; its progress is shown on this page.",
  });
}

/** Waits for every run started by this process (tests, graceful shutdown). */
export async function settleRuns(): Promise<void> {
  await Promise.allSettled([...unfinished]);
}

/** Orders and batches a run's writes so a burst of events costs a few inserts, not one round trip each. */
class EventWriter {
  private seq = 0;
  private pending: { seq: number; at: Date; event: RunEventInput }[] = [];
  private counts: { total?: number; completed?: number; failed?: number } | null = null;
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly runId: string) {}

  push(event: RunEventInput): void {
    this.pending.push({ seq: ++this.seq, at: new Date(), event });
    this.schedule();
  }

  setProgress(counts: { total?: number; completed?: number; failed?: number }): void {
    this.counts = { ...this.counts, ...counts };
    this.schedule();
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flush();
    await this.chain;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush();
    }, FLUSH_DELAY_MS);
  }

  private flush(): void {
    const batch = this.pending;
    const counts = this.counts;
    this.pending = [];
    this.counts = null;
    if (batch.length === 0 && !counts) return;
    this.chain = this.chain.then(async () => {
      const db = getDb();
      try {
        if (batch.length > 0) {
          await db.runEvent.createMany({
            data: batch.map(({ seq, at, event }) => ({
              runId: this.runId,
              seq,
              at,
              accountId: event.accountId ?? null,
              step: event.step,
              status: event.status,
              message: event.message,
              outcome: event.outcome ?? null,
              arn: event.arn ?? null,
              details: event.details === undefined ? null : JSON.stringify(redact(event.details)),
            })),
          });
        }
        if (counts) await db.run.update({ where: { id: this.runId }, data: counts });
      } catch (error) {
        // A lost status line must not kill the work itself; the final status is still written.
        log.error("run.events_write_failed", { runId: this.runId, error: error instanceof Error ? error.name : "unknown" });
      }
    });
  }
}
