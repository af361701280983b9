"use client";

import { useEffect, useRef, useState } from "react";
import { isActive, type RunEventView, type RunView } from "@/lib/runs/types";

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
 */
export function useRun(runId: string | null, initial?: RunView | null): RunState {
  const [state, setState] = useState<RunState>(() => ({
    run: initial ?? null,
    events: initial?.events ?? [],
    pollError: null,
  }));
  const lastSeq = useRef(initial?.lastSeq ?? 0);

  useEffect(() => {
    if (!runId) return;
    if (initial && initial.id !== runId) lastSeq.current = 0;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();

    async function poll() {
      try {
        const response = await fetch(`/api/runs/${encodeURIComponent(runId!)}?after=${lastSeq.current}`, {
          cache: "no-store",
          signal: controller.signal,
        });
        if (!response.ok) {
          const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
          throw new Error(body?.error?.message ?? `The status could not be loaded (HTTP ${response.status}).`);
        }
        const view = (await response.json()) as RunView;
        if (stopped) return;
        lastSeq.current = Math.max(lastSeq.current, view.lastSeq);
        setState((prev) => {
          const sameRun = prev.run?.id === view.id;
          const known = sameRun ? prev.events : [];
          const seen = new Set(known.map((e) => e.seq));
          return { run: view, events: [...known, ...view.events.filter((e) => !seen.has(e.seq))], pollError: null };
        });
        if (isActive(view.status)) timer = setTimeout(poll, POLL_MS);
      } catch (error) {
        if (stopped || controller.signal.aborted) return;
        setState((prev) => ({ ...prev, pollError: error instanceof Error ? error.message : "The status could not be loaded." }));
        timer = setTimeout(poll, POLL_MS * 3);
      }
    }

    if (!initial || initial.id !== runId || isActive(initial.status)) void poll();
    return () => {
      stopped = true;
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [runId, initial]);

  return state;
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
