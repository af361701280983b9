"use client";
import { useActionState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { Field } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { PASSWORD_RULE_TEXT } from "@/lib/auth/password-rule";
import { setPasswordWithTokenAction } from "@/lib/users/actions";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const [state, formAction] = useActionState(setPasswordWithTokenAction, undefined);
  return (
    <form action={formAction} className="space-y-4" noValidate data-testid="set-password-form">
      <ActionError state={state} testId="set-password-error" />
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="email" value={email} autoComplete="username" />
      <Field label="New password" name="password" type="password" autoComplete="new-password" required hint={PASSWORD_RULE_TEXT} errors={fieldErrors(state, "password")} />
      <Field label="Confirm password" name="confirmPassword" type="password" autoComplete="new-password" required errors={fieldErrors(state, "confirmPassword")} />
      <SubmitButton className="w-full" data-testid="set-password-submit" pendingText="Saving…">
        Set password
      </SubmitButton>
    </form>
  );
}
