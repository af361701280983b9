"use client";
import { useActionState } from "react";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { ActionError } from "@/components/forms/action-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { runScheduleNowAction } from "@/lib/schedule/actions";

/** Admins' "Run now"; the page then refreshes a few times to show the run finishing. */
export function RunNowButton() {
  const [state, formAction] = useActionState(runScheduleNowAction, undefined);
  const router = useRouter();
  useEffect(() => {
    if (!state?.ok) return;
    let n = 0;
    const timer = setInterval(() => {
      router.refresh();
      if (++n >= 15) clearInterval(timer);
    }, 1500);
    return () => clearInterval(timer);
  }, [state, router]);
  return (
    <form action={formAction} className="flex flex-col items-end gap-2">
      <SubmitButton data-testid="run-now" pendingText="Starting…">
        Run now
      </SubmitButton>
      {state?.ok ? (
        <p className="text-xs text-slate-500" data-testid="run-now-started">
          Started; results appear below.
        </p>
      ) : null}
      <ActionError state={state} testId="run-now-error" />
    </form>
  );
}
