"use client";
import { useActionState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Card, CardHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { setWebhookAction, sendTestWebhookAction } from "@/lib/notify/actions";
import { Field } from "@/components/forms/field";
import type { ManageProps } from "./manage-props";

export function WebhookPanel({ connectionId, webhook }: Pick<ManageProps, "connectionId" | "webhook">) {
  const [state, action] = useActionState(setWebhookAction, undefined);
  const [test, testAction] = useActionState(sendTestWebhookAction, undefined);
  return (
    <Card>
      <CardHeader title="Notifications" description="A JSON POST {event, connection, failedAccounts, drift, at} when a scheduled test fails, drift is found, or the connection recovers; signed with x-beaconport-signature: sha256=HMAC when a secret is set." />
      <div className="space-y-3 px-5 py-4">
        <form action={action} className="grid gap-3 sm:grid-cols-2">
          <input type="hidden" name="connectionId" value={connectionId} />
          <Field label="Webhook URL (blank: none)" name="webhookUrl" defaultValue={(state?.values?.webhookUrl as string | undefined) ?? webhook.url ?? ""} errors={fieldErrors(state, "webhookUrl")} data-testid="webhook-url" />
          <Field label={`Signing secret (${webhook.signed ? "set; blank keeps it" : "optional"})`} name="webhookSecret" type="password" autoComplete="off" errors={fieldErrors(state, "webhookSecret")} data-testid="webhook-secret" />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="clearSecret" /> Remove the signing secret
          </label>
          <div className="flex gap-2 sm:col-span-2">
            <SubmitButton variant="secondary" data-testid="webhook-save" pendingText="Saving…">
              Save
            </SubmitButton>
          </div>
        </form>
        <ActionError state={state} testId="webhook-error" />
        {state?.ok ? <Notice tone="success" testId="webhook-saved" title="Saved" /> : null}
        <form action={testAction} className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-3">
          <input type="hidden" name="connectionId" value={connectionId} />
          <SubmitButton variant="secondary" data-testid="webhook-send-test" pendingText="Sending…">
            Send test
          </SubmitButton>
          <span className="text-xs text-slate-500">{webhook.lastStatus ? `Last delivery: ${webhook.lastStatus}` : "Posts a test event to the saved URL."}</span>
        </form>
        {test?.ok ? <Notice tone="success" testId="webhook-test-ok" title={`Delivered: ${test.data.status}`} /> : <ActionError state={test} testId="webhook-test-error" />}
      </div>
    </Card>
  );
}
