"use client";
import { useActionState, useState } from "react";
import { useRouter } from "next/navigation";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { Field } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Notice } from "@/components/ui/notice";
import { confirmScheduleAction } from "@/lib/setup/actions/step-7-schedule";
import { DEFAULT_INTERVAL_MINUTES, describeInterval, intervalWarning, MAX_INTERVAL_MINUTES, MIN_INTERVAL_MINUTES } from "@/lib/connections/schedule-rules";
import { stepRef } from "@/lib/setup/steps";

export function Step7ScheduleForm({ connectionId, intervalMinutes, linked }: { connectionId: string; intervalMinutes: number; linked: boolean }) {
  const router = useRouter();
  const [state, formAction] = useActionState(async (prev: Awaited<ReturnType<typeof confirmScheduleAction>> | undefined, data: FormData) => {
    const result = await confirmScheduleAction(prev, data);
    if (result.ok) router.refresh();
    return result;
  }, undefined);
  const [typed, setTyped] = useState(String(intervalMinutes));
  // Remounting the field is how "back to 30" replaces what was typed in an uncontrolled input.
  const [resetKey, setResetKey] = useState(0);
  const value = Number(typed);
  const warning = Number.isInteger(value) && value > 0 ? intervalWarning(value) : null;
  return (
    <form action={formAction} className="space-y-3" data-testid="step7-form" noValidate>
      <input type="hidden" name="connectionId" value={connectionId} />
      <ActionError state={state} testId="step7-error" />
      <div className="flex flex-wrap items-end gap-3">
        <Field
          className="w-40"
          label="Interval (minutes)"
          name="intervalMinutes"
          key={resetKey}
          type="number"
          inputMode="numeric"
          min={MIN_INTERVAL_MINUTES}
          max={MAX_INTERVAL_MINUTES}
          defaultValue={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          errors={fieldErrors(state, "intervalMinutes") ?? fieldErrors(state, "name")}
        />
        <SubmitButton data-testid="step7-confirm" pendingText="Saving…">
          {linked ? "Update schedule" : "Confirm schedule"}
        </SubmitButton>
        {typed !== String(DEFAULT_INTERVAL_MINUTES) ? (
          <button type="button" className="text-sm text-brand-700 underline-offset-2 hover:underline" onClick={() => {
              setTyped(String(DEFAULT_INTERVAL_MINUTES));
              setResetKey((k) => k + 1);
            }} data-testid="step7-reset">
            Back to the recommended 30
          </button>
        ) : null}
      </div>
      {warning ? (
        <p className="text-sm text-amber-800" data-testid="step7-warning">
          {warning}
        </p>
      ) : null}
      {state?.ok ? (
        <Notice tone="success" testId="step7-confirmed" title={`"${state.data.name}" runs ${describeInterval(state.data.intervalMinutes)}.`}>
          This connection is linked to it; imports start once the connection is saved in {stepRef("connection")}.
        </Notice>
      ) : null}
    </form>
  );
}
