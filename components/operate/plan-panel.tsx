"use client";
import { useActionState, useState, type ReactNode } from "react";
import { ActionError } from "@/components/forms/action-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { ActionResult } from "@/lib/actions/result";
import type { AccountPlan } from "@/lib/aws/rollout/types";
import { RunLog } from "./run-log";

type FormAction<T> = (previous: ActionResult<T> | undefined, input: FormData) => Promise<ActionResult<T>>;

interface ButtonSpec {
  label: string;
  pendingText: string;
  variant?: "primary" | "secondary" | "danger";
}

export interface PlanPanelProps<P> {
  title: string;
  description: ReactNode;
  connectionId: string;
  /**
   * Prefix of the panel's test ids: `<p>-plan`, `<p>-plan-error`, `<p>-plan-result`, `<p>-run`,
   * `<p>-run-error`, `<p>-run-log` (the browser specs rely on them).
   */
  testIdPrefix: string;
  planAction: FormAction<P>;
  runAction: FormAction<{ runId: string }>;
  /** The plan form: its fields (connectionId is added), layout and button. */
  planForm: { className?: string; fields?: ReactNode; button: ButtonSpec };
  /** What the plan found (inside the result box, above the run form). */
  renderPlan: (plan: P) => ReactNode;
  /** The run form for a plan: its fields (hidden values echoing the plan, confirmations), layout and button. */
  runForm: (plan: P) => { className?: string; fields?: ReactNode; button: ButtonSpec };
  /** "danger": the result box is red (deletions). */
  tone?: "neutral" | "danger";
  /** Shown below the run log (e.g. follow-up actions). */
  children?: ReactNode;
  /** The plan form's id, so buttons elsewhere on the page may submit it with their own value (`form=`). */
  planFormId?: string;
  /** Called once the run has ended (e.g. refresh the page with what it stored). */
  onSettled?: () => void;
}

/**
 * The shape every change on the manage page follows: plan (reads only) → show what would change →
 * run it → follow the run live. One component, so each operation only says what is particular to it.
 */
export function PlanPanel<P>({ title, description, connectionId, testIdPrefix: id, planAction, runAction, planForm, renderPlan, runForm, tone = "neutral", children, planFormId, onSettled }: PlanPanelProps<P>) {
  const [plan, planFormAction] = useActionState(planAction, undefined);
  const [run, runFormAction] = useActionState(runAction, undefined);
  // The plan a started run came from: once used, its "what would change" is history (a key rotated,
  // an account added), so it folds away instead of offering to run the same change again.
  const [runFrom, setRunFrom] = useState<unknown>(null);
  const runSpec = plan?.ok ? runForm(plan.data) : null;
  const used = Boolean(plan?.ok && run?.ok && runFrom === plan);
  const startRun = (input: FormData) => {
    setRunFrom(plan);
    runFormAction(input);
  };
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <div className="space-y-3 px-5 py-4">
        <form action={planFormAction} className={planForm.className} id={planFormId}>
          <input type="hidden" name="connectionId" value={connectionId} />
          {planForm.fields}
          <div>
            <SubmitButton variant={planForm.button.variant ?? "secondary"} data-testid={`${id}-plan`} pendingText={planForm.button.pendingText}>
              {planForm.button.label}
            </SubmitButton>
          </div>
        </form>
        <ActionError state={plan} testId={`${id}-plan-error`} />
        {plan?.ok && runSpec && used ? (
          <details className="rounded-md text-sm ring-1 ring-inset ring-slate-200" data-testid={`${id}-plan-result`} data-used="true">
            <summary className="cursor-pointer px-3 py-2 font-medium text-slate-700">Plan used by the run below: plan again for another change</summary>
            <div className="border-t border-slate-100 p-3 [overflow-wrap:anywhere]">{renderPlan(plan.data)}</div>
          </details>
        ) : plan?.ok && runSpec ? (
          <div className={cn("rounded-md p-3 text-sm ring-1 ring-inset [overflow-wrap:anywhere]", tone === "danger" ? "bg-red-50 ring-red-200" : "bg-slate-50 ring-slate-200")} data-testid={`${id}-plan-result`}>
            {renderPlan(plan.data)}
            <form action={startRun} className={cn("mt-3", runSpec.className)}>
              <input type="hidden" name="connectionId" value={connectionId} />
              {runSpec.fields}
              <SubmitButton variant={runSpec.button.variant ?? "primary"} data-testid={`${id}-run`} pendingText={runSpec.button.pendingText}>
                {runSpec.button.label}
              </SubmitButton>
            </form>
          </div>
        ) : null}
        <ActionError state={run} testId={`${id}-run-error`} />
        <RunLog runId={run?.ok ? run.data.runId : null} testId={`${id}-run-log`} onSettled={onSettled} />
        {children}
      </div>
    </Card>
  );
}

/**
 * One list item per planned account: a label, then each change on its own line, "no change", or why the
 * account could not be read. Goes inside the caller's `<ul>` (which may add more items).
 */
export function PlannedAccounts({ accounts, label, noChange, unreadable = "", testId }: { accounts: AccountPlan[]; label: (a: AccountPlan) => string; noChange: string; unreadable?: string; testId?: (a: AccountPlan) => string }) {
  return accounts.map((a) => (
    <li key={a.accountId} data-testid={testId?.(a)}>
      {label(a)}: {a.error ? `cannot be read (${a.error.message})${unreadable}` : a.changes.length ? null : noChange}
      {!a.error && a.changes.length ? (
        <ul className="mt-0.5 list-[circle] pl-5 text-slate-700">
          {a.changes.map((c, i) => (
            <li key={i}>{c.description}</li>
          ))}
        </ul>
      ) : null}
    </li>
  ));
}
