"use client";
import { useActionState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { Field } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { loginAction } from "@/lib/users/sign-in-actions";

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, formAction] = useActionState(loginAction, undefined);
  return (
    <form action={formAction} className="space-y-4" noValidate data-testid="login-form">
      <ActionError state={state} testId="login-error" />
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
      <Field label="Email" name="email" type="email" autoComplete="username" required defaultValue={state?.values?.email} errors={fieldErrors(state, "email")} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required errors={fieldErrors(state, "password")} />
      <SubmitButton className="w-full" data-testid="login-submit" pendingText="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
