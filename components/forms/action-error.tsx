import { Notice } from "@/components/ui/notice";
import type { ActionResult } from "@/lib/actions/result";

/** The action's error (safe message and hint), shown above a form. */
export function ActionError<T>({ state, testId = "form-error" }: { state: ActionResult<T> | undefined; testId?: string }) {
  if (!state || state.ok) return null;
  return (
    <Notice tone="error" testId={testId} title={state.error.message}>
      {state.error.hint ? <span>{state.error.hint}</span> : null}
    </Notice>
  );
}

export function fieldErrors<T>(state: ActionResult<T> | undefined, name: string): string[] | undefined {
  return state && !state.ok ? state.error.fieldErrors?.[name] : undefined;
}
