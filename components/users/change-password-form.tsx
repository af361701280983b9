"use client";
import { useActionState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { Field } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Notice } from "@/components/ui/notice";
import { PASSWORD_RULE_TEXT } from "@/lib/auth/password-rule";
import { changeOwnPasswordAction } from "@/lib/users/actions";

export function ChangePasswordForm() {
  const [state, formAction] = useActionState(changeOwnPasswordAction, undefined);
  return (
    <form action={formAction} className="space-y-4 p-5" noValidate data-testid="change-password-form">
      {state?.ok ? <Notice tone="success" testId="password-changed">Password changed. Other browsers signed in as you were signed out.</Notice> : null}
      <ActionError state={state} testId="change-password-error" />
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={fieldErrors(state, "currentPassword")} />
      <Field label="New password" name="password" type="password" autoComplete="new-password" required hint={PASSWORD_RULE_TEXT} errors={fieldErrors(state, "password")} />
      <Field label="Confirm new password" name="confirmPassword" type="password" autoComplete="new-password" required errors={fieldErrors(state, "confirmPassword")} />
      <SubmitButton data-testid="change-password-submit" pendingText="Saving…">Change password</SubmitButton>
    </form>
  );
}
