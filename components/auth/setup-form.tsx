"use client";
import { useActionState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { Field } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { PASSWORD_RULE_TEXT } from "@/lib/auth/password-rule";
import { setupAction } from "@/lib/users/actions";

export function SetupForm() {
  const [state, formAction] = useActionState(setupAction, undefined);
  return (
    <form action={formAction} className="space-y-4" noValidate data-testid="setup-form">
      <ActionError state={state} testId="setup-error" />
      <Field
        label="Setup token"
        name="setupToken"
        autoComplete="off"
        spellCheck={false}
        required
        hint="Printed on the console where Beaconport was started, and in the setup-token file of its data directory (data/setup-token by default)."
        errors={fieldErrors(state, "setupToken")}
      />
      <Field label="Your name" name="name" autoComplete="name" required defaultValue={state?.values?.name} errors={fieldErrors(state, "name")} />
      <Field label="Email" name="email" type="email" autoComplete="username" required defaultValue={state?.values?.email} errors={fieldErrors(state, "email")} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required hint={PASSWORD_RULE_TEXT} errors={fieldErrors(state, "password")} />
      <Field label="Confirm password" name="confirmPassword" type="password" autoComplete="new-password" required errors={fieldErrors(state, "confirmPassword")} />
      <SubmitButton className="w-full" data-testid="setup-submit" pendingText="Creating…">
        Create administrator
      </SubmitButton>
    </form>
  );
}
