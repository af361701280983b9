"use client";
import { useActionState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { AwsCredentialFields } from "@/components/forms/aws-credential-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Notice } from "@/components/ui/notice";
import { operateSignInAction } from "@/lib/operate/actions";
import type { ManageProps } from "./manage-props";

export function SignInPanel({ connectionId, credentials }: Pick<ManageProps, "connectionId" | "credentials">) {
  const [state, action] = useActionState(operateSignInAction, undefined);
  const held = state?.ok ? { principalArn: state.data.principalArn, expiresAt: state.data.expiresAt } : credentials.held ? credentials : null;
  const form = (
    <form action={action} className={cn("grid gap-3 sm:grid-cols-3", held && "mt-3")}>
      <input type="hidden" name="connectionId" value={connectionId} />
      <AwsCredentialFields className="contents" sessionTokenLabel="Session token (temporary credentials)" accessKeyId={state?.values?.accessKeyId} errors={(name) => fieldErrors(state, name)} testIds={{ accessKeyId: "operate-access-key-id", secretAccessKey: "operate-secret-access-key" }} />
      <div className="sm:col-span-3">
        <SubmitButton data-testid="operate-sign-in" pendingText="Checking…">
          Use these credentials
        </SubmitButton>
      </div>
    </form>
  );
  return (
    <Card>
      <CardHeader title="AWS administrator access" description="Changes in AWS need temporary credentials of an administrator of the home account. They are kept for a few minutes in a sealed cookie of this browser session only." />
      <div className="px-5 py-4">
        {held ? (
          <Notice tone="success" testId="operate-signed-in" title={`Using ${held.principalArn}`}>
            until {held.expiresAt ? new Date(held.expiresAt).toLocaleTimeString() : "—"}
          </Notice>
        ) : null}
        {held ? (
          // Signed in already: the fields would read as a request to paste again, so they fold away.
          <details className="mt-3">
            <summary className="cursor-pointer text-sm font-medium text-brand-700">Use other credentials</summary>
            {form}
          </details>
        ) : (
          form
        )}
        <div className="mt-2">
          <ActionError state={state} testId="operate-sign-in-error" />
        </div>
      </div>
    </Card>
  );
}
