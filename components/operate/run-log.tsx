"use client";
import { useEffect, useRef } from "react";
import { useRun } from "@/components/runs/use-run";
import { Badge } from "@/components/ui/badge";
import { isActive, type RunStatus } from "@/lib/runs/types";

/**
 * Live status of an operation's run: its events as they arrive, and the final outcome. `onSettled`
 * is called once the run has ended (e.g. to re-render the page with what the run stored).
 */
export function RunLog({ runId, testId, onSettled }: { runId: string | null; testId: string; onSettled?: (status: RunStatus) => void }) {
  const { run, events, pollError } = useRun(runId);
  const settled = run && run.id === runId && !isActive(run.status) ? run.status : null;
  // Once per run, whatever the caller's callback identity (a new function each render).
  const notified = useRef<string | null>(null);
  const callback = useRef(onSettled);
  useEffect(() => {
    callback.current = onSettled;
  });
  useEffect(() => {
    if (!settled || !runId || notified.current === runId) return;
    notified.current = runId;
    callback.current?.(settled);
  }, [settled, runId]);
  if (!runId) return null;
  return (
    <div className="mt-3 rounded-md bg-slate-50 p-3 text-sm ring-1 ring-inset ring-slate-200" data-testid={testId} data-status={run?.status ?? "queued"}>
      <p className="mb-2 flex items-center gap-2 font-medium">
        Run
        <Badge tone={run?.status === "succeeded" ? "green" : run?.status === "failed" ? "red" : run?.status === "partial" ? "amber" : "blue"} testId={`${testId}-status`}>
          {run?.status ?? "starting"}
        </Badge>
      </p>
      {run?.error ? <p className="mb-2 text-red-700 [overflow-wrap:anywhere]" data-testid={`${testId}-error`}>{run.error}</p> : null}
      <ol className="max-h-72 space-y-1 overflow-y-auto text-xs text-slate-700 [overflow-wrap:anywhere]">
        {events.map((e) => (
          <li key={e.seq}>
            <span className={e.status === "failed" ? "text-red-700" : e.status === "done" ? "text-emerald-700" : "text-slate-500"}>[{e.status}]</span> {e.accountId ? `${e.accountId} · ` : ""}
            {e.step}: {e.message}
          </li>
        ))}
      </ol>
      {pollError ? <p className="mt-2 text-xs text-amber-700">{pollError}</p> : null}
    </div>
  );
}
