import { isActive, type RunEventView, type RunView } from "@/lib/runs/types";

/** What `useRun` knows about the one run it follows (pure, so the switching rules can be unit tested). */
export interface FollowState {
  /** The run this state belongs to: everything below is about it and nothing else. */
  runId: string | null;
  run: RunView | null;
  /** Every event so far, in seq order. */
  events: RunEventView[];
  /** Highest seq received: the next poll asks only for what is after it. */
  lastSeq: number;
  pollError: string | null;
}

/** The starting point for following `runId`: the server's render of it when there is one, else nothing yet. */
export function followFrom(runId: string | null, initial?: RunView | null): FollowState {
  if (runId && initial && initial.id === runId) return { runId, run: initial, events: initial.events, lastSeq: initial.lastSeq, pollError: null };
  return { runId, run: null, events: [], lastSeq: 0, pollError: null };
}

/**
 * Adds an answer about `runId` to what is known. State about another run is dropped first (a new run's
 * seq numbers start at 1 again, so an old position would skip its first events); an answer about
 * another run (a late poll of the previous one) changes nothing. An answer older than what is known
 * (a server render from before the latest poll) adds its events but does not roll the status back.
 */
export function mergeRunView(prev: FollowState, runId: string, view: RunView | null | undefined): FollowState {
  const base = prev.runId === runId ? prev : followFrom(runId, null);
  if (!view || view.id !== runId) return base;
  const seen = new Set(base.events.map((e) => e.seq));
  const added = view.events.filter((e) => !seen.has(e.seq));
  const events = added.length === 0 ? base.events : [...base.events, ...added].sort((a, b) => a.seq - b.seq);
  const older = base.run !== null && (view.lastSeq < base.lastSeq || (!isActive(base.run.status) && isActive(view.status)));
  return { runId, run: older ? base.run : view, events, lastSeq: Math.max(base.lastSeq, view.lastSeq), pollError: null };
}
