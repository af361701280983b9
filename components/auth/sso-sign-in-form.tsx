"use client";
import { useActionState } from "react";
import { ActionError } from "@/components/forms/action-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { ssoSignInAction } from "@/lib/users/sign-in-actions";

export function SsoSignInForm({ providerName, callbackUrl }: { providerName: string; callbackUrl?: string }) {
  const [state, formAction] = useActionState(ssoSignInAction, undefined);
  return (
    <form action={formAction} className="space-y-4" data-testid="sso-form">
      <ActionError state={state} testId="sso-error" />
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
      <SubmitButton className="w-full" data-testid="sso-submit" pendingText="Redirecting…">
        Sign in with {providerName}
      </SubmitButton>
    </form>
  );
}
