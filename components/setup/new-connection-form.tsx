"use client";
import { useActionState } from "react";
import { ActionError } from "@/components/forms/action-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { createDraftConnectionAction } from "@/lib/setup/actions/create-draft";
import { setupStep } from "@/lib/setup/steps";

const MODES = [
  {
    value: "automated",
    title: "Automated",
    text: "Paste temporary credentials of a home-account administrator. The portal plans every change, shows it to you, then creates the policies, roles and user, live.",
  },
  {
    value: "manual",
    title: "Do it yourself",
    text: "No credentials given to the portal. Each step shows the console clicks, the JSON, the AWS CLI script and CloudFormation/Terraform; Verify checks what you built.",
  },
] as const;

export function NewConnectionForm() {
  const [state, formAction] = useActionState(createDraftConnectionAction, undefined);
  return (
    <form action={formAction} className="space-y-4 p-5" data-testid="new-connection-form">
      <ActionError state={state} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">How do you want to set it up?</legend>
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          {MODES.map((m, i) => (
            <label key={m.value} className="flex cursor-pointer gap-3 rounded-lg p-4 ring-1 ring-slate-200 has-[:checked]:bg-brand-50 has-[:checked]:ring-2 has-[:checked]:ring-brand-500">
              <input type="radio" name="mode" value={m.value} defaultChecked={(state?.values?.mode ?? "automated") === m.value || (!state && i === 0)} data-testid={`mode-${m.value}`} className="mt-1" />
              <span>
                <span className="block text-sm font-semibold text-slate-900">{m.title}</span>
                <span className="mt-1 block text-sm text-slate-600">{m.text}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <p className="text-xs text-slate-500">You choose once, here; to change it later, use &ldquo;Change&rdquo; in step {setupStep("sign-in").number}. Progress is saved as you go, so you can leave and resume.</p>
      <SubmitButton data-testid="start-setup" pendingText="Creating…">Start the guided setup</SubmitButton>
    </form>
  );
}
