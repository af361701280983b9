"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { isActive, type RunEventView, type RunView } from "@/lib/runs/types";
import { followFrom, mergeRunView, type FollowState } from "./run-follow";

const POLL_MS = 1000;

export interface RunState {
  run: RunView | null;
  /** Every event so far, in order. */
  events: RunEventView[];
  /** Set when polling itself fails (network, signed out); the run may still be going. */
  pollError: string | null;
}

/**
 * Follows a run: loads it, then polls for new events every second while it is queued or running.
 * `initial` (rendered by the server) makes the first paint complete, so a reload shows the same state.
 *
 * The same component may follow one run after another (e.g. "Run now" twice): everything it knows
 * (events, position in the event stream) belongs to one run id and starts over when the id changes;
 * an answer about the previous run that arrives late is dropped.
 */
export function useRun(runId: string | null, initial?: RunView | null): RunState {
  const [state, setState] = useState<FollowState>(() => followFrom(runId, initial));
  // What the poll loop has merged so far (its position in the stream), without re-running the effect on every answer.
  const cursor = useRef(state);

  useEffect(() => {
    if (!runId) return;
    // A new run id (or a newer server render of the same run) re-seeds what this hook follows.
    const seeded = mergeRunView(cursor.current, runId, initial);
    cursor.current = seeded;
    setState(seeded);
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();

    async function poll() {
      try {
        const response = await fetch(`/api/runs/${encodeURIComponent(runId!)}?after=${cursor.current.lastSeq}`, {
          cache: "no-store",
          signal: controller.signal,
        });
        if (!response.ok) {
          const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
          throw new Error(body?.error?.message ?? `The status could not be loaded (HTTP ${response.status}).`);
        }
        const view = (await response.json()) as RunView;
        if (stopped) return;
        const next = mergeRunView(cursor.current, runId!, view);
        cursor.current = next;
        setState(next);
        if (isActive(view.status)) timer = setTimeout(poll, POLL_MS);
      } catch (error) {
        if (stopped || controller.signal.aborted) return;
        setState((prev) => (prev.runId === runId ? { ...prev, pollError: error instanceof Error ? error.message : "The status could not be loaded." } : prev));
        timer = setTimeout(poll, POLL_MS * 3);
      }
    }

    if (!seeded.run || isActive(seeded.run.status)) void poll();
    return () => {
      stopped = true;
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [runId, initial]);

  // Until the effect has re-seeded for a new id, show the new run's starting point, never the old run.
  const start = useMemo(() => followFrom(runId, initial), [runId, initial]);
  const current = state.runId === runId ? state : start;
  // Stable while nothing changed, so callers may depend on the whole result in their effects.
  return useMemo(() => ({ run: current.run, events: current.events, pollError: current.pollError }), [current.run, current.events, current.pollError]);
}

/** The latest event per account and step: what a status table shows. */
export function latestByAccountAndStep(events: RunEventView[]): Map<string, Map<string, RunEventView>> {
  const byAccount = new Map<string, Map<string, RunEventView>>();
  for (const event of events) {
    const key = event.accountId ?? "";
    let steps = byAccount.get(key);
    if (!steps) byAccount.set(key, (steps = new Map()));
    steps.set(event.step, event);
  }
  return byAccount;
}
