"use client";
import { useActionState } from "react";
import { signOutAction } from "@/lib/users/sign-in-actions";
import { SubmitButton } from "@/components/forms/submit-button";

export function SignOutButton() {
  const [, formAction] = useActionState(signOutAction, undefined);
  return (
    <form action={formAction}>
      <SubmitButton variant="secondary" size="sm" data-testid="sign-out" pendingText="Signing out…">
        Sign out
      </SubmitButton>
    </form>
  );
}
