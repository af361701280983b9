"use client";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { StepStatusInfo } from "@/lib/setup/step-states";
import { setupStep, type SetupStepKey, type StepState } from "@/lib/setup/steps";

const TONE: Record<StepState, "slate" | "blue" | "green" | "amber" | "red"> = {
  waiting: "slate",
  ready: "blue",
  running: "blue",
  done: "green",
  failed: "red",
  attention: "amber",
};

const LABEL: Record<StepState, string> = {
  waiting: "Waiting",
  ready: "To do",
  running: "Running",
  done: "Done",
  failed: "Failed",
  attention: "Needs attention",
};

/**
 * One numbered step: its number, title, why it exists, a status badge, and its body. A native
 * <details> so it works before any script runs; the active step starts open.
 *
 * Open or closed is the admin's choice once they have toggled the card (by its header, or by
 * following the stepper's `#step-N` link): a status change after `router.refresh()` must neither fold
 * away a card they are reading nor re-open one they closed. Until then a card opens by itself when it
 * becomes active or needs attention, and never closes by itself: finishing a step must not fold away
 * what it just showed (the one-time secret of step 6, say).
 */
export function StepCard({ stepKey, status, active, children }: { stepKey: SetupStepKey; status: StepStatusInfo; active: boolean; children: React.ReactNode }) {
  const step = setupStep(stepKey);
  const anchor = `step-${step.number}`;
  const done = status.state === "done";
  const wantsOpen = active || status.state === "running" || status.state === "failed" || status.state === "attention";
  const [open, setOpen] = useState(wantsOpen);
  const [touched, setTouched] = useState(false);
  const [wanted, setWanted] = useState(wantsOpen);
  if (wanted !== wantsOpen) {
    // Adjusting state while rendering (React's pattern for "state follows a prop change").
    setWanted(wantsOpen);
    if (wantsOpen && !touched) setOpen(true);
  }
  // The stepper links to #step-N: following it is asking for that step, so open it.
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (!(e.target instanceof Element) || !e.target.closest(`a[href="#${anchor}"]`)) return;
      setTouched(true);
      setOpen(true);
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [anchor]);
  return (
    <details
      open={open}
      onToggle={(e) => {
        // "toggle" also fires after React itself sets `open`; only a change React did not make is the admin's.
        const now = (e.currentTarget as HTMLDetailsElement).open;
        if (now === open) return;
        setTouched(true);
        setOpen(now);
      }}
      id={anchor}
      data-testid={anchor}
      data-state={status.state}
      data-active={active ? "true" : undefined}
      // Below the sticky header and stepper when scrolled to (the stepper's links, the current step on load).
      className={cn("group scroll-mt-48 rounded-xl bg-white shadow-sm", active ? "ring-2 ring-brand-500" : "ring-1 ring-slate-200")}
    >
      {/* A finished step, folded, is one line: number, title, badge and its note. */}
      <summary className={cn("flex cursor-pointer list-none items-start gap-3 px-4 sm:px-5 [&::-webkit-details-marker]:hidden", done ? "py-2.5 group-open:py-4" : "py-4")} data-testid={`${anchor}-summary`}>
        <span
          className={cn(
            "mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-sm font-semibold",
            status.state === "done" ? "bg-emerald-600 text-white" : active ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-700",
          )}
          aria-label={`Step ${step.number}`}
        >
          {status.state === "done" ? "✓" : step.number}
        </span>
        <span className={cn("min-w-0 flex-1", done && "sm:flex sm:items-center sm:gap-3 sm:group-open:block")}>
          <span className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-1">
            <span className="text-base font-semibold text-slate-900">
              <span className="text-slate-500">Step {step.number} · </span>
              {step.title}
            </span>
            <Badge tone={TONE[status.state]} testId={`step-${step.number}-status`}>
              {LABEL[status.state]}
            </Badge>
          </span>
          <span className={cn("mt-1 block text-sm text-slate-600", done && "sm:mt-0 sm:min-w-0 sm:truncate sm:group-open:mt-1 sm:group-open:whitespace-normal")} data-testid={`step-${step.number}-note`}>
            {status.note}
          </span>
        </span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="mt-1 h-5 w-5 shrink-0 text-slate-400 transition-transform group-open:rotate-180" fill="currentColor">
          <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4z" />
        </svg>
      </summary>
      <div className="border-t border-slate-100 px-4 pb-5 pt-4 sm:px-5">
        <div className="mb-4 grid gap-2 rounded-lg bg-slate-50 p-3 text-sm sm:grid-cols-2">
          <p>
            <span className="font-medium text-slate-800">What it does. </span>
            <span className="text-slate-600">{step.what}</span>
          </p>
          <p>
            <span className="font-medium text-slate-800">Why. </span>
            <span className="text-slate-600">{step.why}</span>
          </p>
        </div>
        {children}
      </div>
    </details>
  );
}
