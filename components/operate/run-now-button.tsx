"use client";
import { useActionState, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { ActionError } from "@/components/forms/action-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { useRun } from "@/components/runs/use-run";
import { Badge } from "@/components/ui/badge";
import { isActive, type RunView } from "@/lib/runs/types";
import { runScheduleNowAction } from "@/lib/schedule/actions";
import { scheduleRunResult } from "@/lib/schedule/schedule-run-kind";

/**
 * Admins' "Run now": starts the scheduled re-verification at once and follows its run live
 * (connections tested so far, each one's result); when it ends the server view is refreshed, so the
 * connections' statuses and the new past run appear below.
 *
 * `active` is a Run now already going when the page was rendered (clicked in another tab or browser,
 * or before a reload): it is followed the same way, and Run now stays disabled until it ends.
 * Reviewers (`canRun` false) see the same live box without the button.
 */
export function RunNowButton({ active = null, canRun = true }: { active?: RunView | null; canRun?: boolean }) {
  const [state, formAction] = useActionState(runScheduleNowAction, undefined);
  // The run found at first render, kept after it ends: a refresh then renders `active` as null, and
  // the finished box must stay (with its tick id) rather than vanish.
  const [found] = useState(active?.id ?? null);
  const runId = state?.ok ? state.data.runId : found;
  const { run, events, pollError } = useRun(runId, active && active.id === runId ? active : undefined);
  const router = useRouter();
  const refreshedFor = useRef<string | null>(null);
  const ended = run !== null && run.id === runId && !isActive(run.status);
  useEffect(() => {
    if (!ended || !runId || refreshedFor.current === runId) return;
    refreshedFor.current = runId;
    router.refresh();
  }, [ended, runId, router]);

  const tested = run ? run.completed + run.failed : 0;
  return (
    <div className="flex w-full flex-col items-stretch gap-2 sm:w-80 sm:items-end">
      {canRun ? (
        <form action={formAction} className="flex flex-col items-end gap-2">
          {/* Passed only when true: SubmitButton's own pending state must still disable it otherwise. */}
          <SubmitButton data-testid="run-now" pendingText="Starting…" disabled={runId !== null && !ended}>
            Run now
          </SubmitButton>
          <ActionError state={state} testId="run-now-error" />
        </form>
      ) : null}
      {runId ? (
        <div className="w-full rounded-md bg-slate-50 p-3 text-sm ring-1 ring-inset ring-slate-200" data-testid="run-now-progress" data-run-id={runId} data-tick-id={tickOf(run?.result)} data-status={run?.status ?? "queued"}>
          <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900" data-testid="run-now-started">
            {ended ? "Run finished" : "Running"}
            <Badge tone={run?.status === "succeeded" ? "green" : run?.status === "failed" ? "red" : run?.status === "partial" ? "amber" : "blue"} testId="run-now-status">
              {run?.status ?? "starting"}
            </Badge>
            <span className="text-xs font-normal text-slate-600" data-testid="run-now-count">
              {run && run.total > 0 ? `${tested} of ${run.total} connection(s) tested` : "listing saved connections…"}
            </span>
          </p>
          {run && run.total > 0 ? (
            <div className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
              <div className="h-full bg-brand-600 transition-all" style={{ width: `${Math.round((tested / run.total) * 100)}%` }} />
            </div>
          ) : null}
          <ol className="mt-2 max-h-48 space-y-1 overflow-y-auto text-xs text-slate-700" data-testid="run-now-events">
            {events.map((e) => (
              <li key={e.seq} data-testid="run-now-event" data-step={e.step} data-status={e.status} className="break-words">
                <span className={e.status === "failed" ? "text-red-700" : e.status === "done" ? "text-emerald-700" : "text-slate-500"}>[{e.status}]</span> {e.message}
              </li>
            ))}
          </ol>
          {ended ? <p className="mt-2 text-xs text-slate-500">The results are listed below.</p> : null}
          {pollError ? <p className="mt-2 text-xs text-amber-700">{pollError}</p> : null}
        </div>
      ) : null}
    </div>
  );
}

/** The schedule tick a finished run recorded (its row in "Past runs"). */
function tickOf(result: unknown): string | undefined {
  return scheduleRunResult(result)?.tickId;
}
