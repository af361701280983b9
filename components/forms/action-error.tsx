"use client";
import { useEffect, useRef } from "react";
import { Notice } from "@/components/ui/notice";
import type { ActionResult } from "@/lib/actions/result";

/**
 * Where the keyboard goes after a form's action answered (WCAG 2.4.3, 3.3.1): on a refusal, to the
 * first field marked invalid (its error is tied to it by aria-describedby), else to the error message;
 * on success, to the result when the form names one (`resultId`, the id of an element that shows it,
 * which may appear later: after the page refreshed, or when the run it started has its first events).
 * Only while the focus is still in the form (or was lost with a control the answer replaced), so an
 * answer never pulls the keyboard away from where the admin went meanwhile.
 */
function moveFocus(anchor: HTMLElement, ok: boolean, resultId: string | undefined): () => void {
  const within = anchor.closest("form") ?? anchor.parentElement;
  const stillHere = () => {
    const active = document.activeElement;
    return !active || active === document.body || Boolean(within?.contains(active));
  };
  if (!stillHere()) return () => {};
  if (!ok) {
    (within?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? anchor).focus();
    return () => {};
  }
  if (!resultId) return () => {};
  let frame = 0;
  const until = Date.now() + 60_000;
  const attempt = () => {
    if (!stillHere()) return;
    const result = document.getElementById(resultId);
    if (result) {
      if (!result.matches("a[href], button, input, select, textarea, summary, [tabindex]")) result.tabIndex = -1;
      result.focus();
      return;
    }
    if (Date.now() < until) frame = requestAnimationFrame(attempt);
  };
  attempt();
  return () => cancelAnimationFrame(frame);
}

/**
 * Moves the focus after each answer of an action (see moveFocus); `anchor` is an element inside the
 * form (its error message, say). ActionError does it for its own state; a form with several actions
 * (plan and run) calls it once per action.
 */
export function useFocusAfterAction<T>(state: ActionResult<T> | undefined, anchor: React.RefObject<HTMLElement | null>, resultId?: string): void {
  useEffect(() => {
    if (!state || !anchor.current) return;
    return moveFocus(anchor.current, state.ok, resultId);
    // Once per answer: a new answer is a new state object.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);
}

/** The action's error (safe message and hint), shown above a form; moves the focus after each answer. */
export function ActionError<T>({ state, testId = "form-error", resultId }: { state: ActionResult<T> | undefined; testId?: string; resultId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusAfterAction(state, ref, resultId);
  if (!state || state.ok) return <div ref={ref} hidden />;
  return (
    <div ref={ref} tabIndex={-1}>
      <Notice tone="error" testId={testId} title={state.error.message}>
        {state.error.hint ? <span>{state.error.hint}</span> : null}
      </Notice>
    </div>
  );
}

export function fieldErrors<T>(state: ActionResult<T> | undefined, name: string): string[] | undefined {
  return state && !state.ok ? state.error.fieldErrors?.[name] : undefined;
}
