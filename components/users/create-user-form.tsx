"use client";
import { useActionState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { Field, SelectField } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { createUserAction } from "@/lib/users/actions";
import { CredentialReveal } from "./credential-reveal";

export function CreateUserForm() {
  const [state, formAction] = useActionState(createUserAction, undefined);
  const values = state && !state.ok ? state.values : undefined;
  return (
    <div className="space-y-4 p-5">
      {state?.ok ? <CredentialReveal email={state.data.email} credential={state.data.credential} /> : null}
      <form action={formAction} className="grid gap-4 sm:grid-cols-2" noValidate data-testid="create-user-form">
        <div className="sm:col-span-2">
          <ActionError state={state} testId="create-user-error" />
        </div>
        <Field label="Name" name="name" required defaultValue={values?.name} errors={fieldErrors(state, "name")} />
        <Field label="Email" name="email" type="email" required defaultValue={values?.email} errors={fieldErrors(state, "email")} />
        <SelectField label="Role" name="role" defaultValue={values?.role ?? "reviewer"} errors={fieldErrors(state, "role")} options={[{ value: "reviewer", label: "Reviewer (read only)" }, { value: "admin", label: "Administrator" }]} />
        <SelectField
          label="First password"
          name="credential"
          defaultValue={values?.credential ?? "initial-password"}
          errors={fieldErrors(state, "credential")}
          options={[{ value: "initial-password", label: "One-time password (shown once)" }, { value: "set-password-link", label: "Set-password link (shown once)" }]}
        />
        <div className="sm:col-span-2">
          <SubmitButton data-testid="create-user-submit" pendingText="Creating…">
            Create user
          </SubmitButton>
        </div>
      </form>
    </div>
  );
}
