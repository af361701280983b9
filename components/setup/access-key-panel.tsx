"use client";
import { useActionState, useState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { describedBy, FieldError } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { createAccessKeyAction, retireAccessKeyAction, skipAccessKeyAction } from "@/lib/setup/actions/step-6-access-key";
import { credentialsCsv, credentialsCsvFileName } from "@/lib/setup/credentials-csv";
import type { SetupProgress } from "@/lib/connections/types";
import { CopyButton } from "./artefact-list";
import { downloadText } from "./download";
import { stepRef } from "@/lib/setup/steps";

/**
 * Step 6.8–6.9: create the access key, show its secret once (it lives only in this component's state),
 * offer the console's credentials .csv, and handle a user that already has two keys.
 */
export function AccessKeyPanel({ connectionId, accessKey, userReady, credentialsHeld }: { connectionId: string; accessKey: SetupProgress["accessKey"]; userReady: boolean; credentialsHeld: boolean }) {
  const [state, createAction] = useActionState(createAccessKeyAction, undefined);
  const [retireState, retireAction] = useActionState(retireAccessKeyAction, undefined);
  const [skipState, skipAction] = useActionState(skipAccessKeyAction, undefined);
  const [hidden, setHidden] = useState(false);
  const created = state?.ok && state.data.status === "created" ? state.data : null;
  const refused = state?.ok && state.data.status === "refused" && !retireState?.ok ? state.data : null;

  if (created && !hidden) {
    const csv = credentialsCsv({ userName: created.userName, accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey, accountId: created.accountId });
    return (
      <div className="space-y-3 rounded-lg bg-amber-50 p-4 ring-1 ring-amber-200" id="access-key-once" data-testid="access-key-once">
        <p className="text-sm font-semibold text-amber-900">Access key created for {created.userName}. The secret is shown this once.</p>
        <dl className="grid gap-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-700">Access key ID</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <code className="break-all font-mono" data-testid="new-access-key-id">{created.accessKeyId}</code>
            <CopyButton text={created.accessKeyId} testId="copy-access-key-id" />
          </dd>
          <dt className="font-medium text-slate-700">Secret access key</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <code className="break-all font-mono" data-testid="new-secret-access-key">{created.secretAccessKey}</code>
            <CopyButton text={created.secretAccessKey} testId="copy-secret-access-key" />
          </dd>
        </dl>
        <div className="flex flex-wrap gap-2">
          <Button type="button" data-testid="download-credentials-csv" onClick={() => downloadText(credentialsCsvFileName(created.userName), csv, "text/csv")}>
            Download .csv file
          </Button>
          <Button type="button" variant="secondary" data-testid="hide-secret" onClick={() => setHidden(true)}>
            I have saved it
          </Button>
        </div>
        <p className="text-xs text-amber-900">Keep the .csv somewhere safe, as the procedure says. The portal keeps the secret only encrypted, to prefill the beacon connection ({stepRef("connection")}) and its details download (administrators, after re-entering their password).</p>
      </div>
    );
  }

  if (accessKey) {
    return (
      <div data-testid="access-key-done">
        {accessKey.status === "created" ? (
          <Notice tone="success" title={`Access key ${accessKey.accessKeyId} of ${accessKey.userName} created.`}>
            Its secret was shown once and is stored encrypted for {stepRef("connection")}. If you lost the .csv, retire the key in IAM and create a new one.
          </Notice>
        ) : (
          <Notice tone="info" title={`Keeping an existing access key of ${accessKey.userName}.`}>Enter that key and its secret in {stepRef("connection")}.</Notice>
        )}
      </div>
    );
  }

  return (
    <div className="space-y-3" data-testid="access-key-panel">
      <ActionError state={state} testId="access-key-error" resultId="access-key-once" />
      {refused ? (
        <form action={retireAction} className="space-y-3 rounded-lg bg-amber-50 p-4 ring-1 ring-amber-200" data-testid="access-key-refused">
          <input type="hidden" name="connectionId" value={connectionId} />
          <p className="text-sm text-amber-900">{refused.reason}</p>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Choose the key to retire (deactivated, then deleted)</legend>
            <ul className="mt-2 space-y-1">
              {refused.keys.map((k) => (
                <li key={k.accessKeyId}>
                  <label className="flex flex-wrap items-center gap-2 text-sm">
                    <input type="radio" name="accessKeyId" value={k.accessKeyId} defaultChecked={k.accessKeyId === refused.retireSuggestion} data-testid={`retire-${k.accessKeyId}`} {...describedBy("field-retire-accessKeyId", { errors: fieldErrors(retireState, "accessKeyId") })} />
                    <code className="font-mono">{k.accessKeyId}</code>
                    <Badge tone={k.status === "Active" ? "green" : "slate"}>{k.status}</Badge>
                    <span className="text-xs text-slate-600">{k.lastUsedDate ? `last used ${new Date(k.lastUsedDate).toLocaleString()}` : "never used"}</span>
                    {k.accessKeyId === refused.retireSuggestion ? <span className="text-xs text-amber-800">suggested</span> : null}
                  </label>
                </li>
              ))}
            </ul>
            <FieldError id="field-retire-accessKeyId" name="accessKeyId" errors={fieldErrors(retireState, "accessKeyId")} />
          </fieldset>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" id="field-retire-confirm" name="confirm" data-testid="retire-confirm" aria-required="true" {...describedBy("field-retire-confirm", { errors: fieldErrors(retireState, "confirm") })} /> I understand a deleted key cannot be restored, and whatever uses it stops working.
          </label>
          <FieldError id="field-retire-confirm" name="confirm" errors={fieldErrors(retireState, "confirm")} />
          <ActionError state={retireState} testId="retire-error" />
          <div className="flex flex-wrap gap-2">
            <SubmitButton variant="danger" data-testid="retire-submit">
              Retire the chosen key
            </SubmitButton>
          </div>
        </form>
      ) : null}
      {retireState?.ok ? <Notice tone="success" testId="retired">Key {retireState.data.retired} retired. You can create the new key now.</Notice> : null}
      {/* One wrapping row: side by side when they fit, else each button the row's full width with the same gap (390 px). */}
      <div className="flex flex-wrap gap-3" data-testid="access-key-choices">
        <form action={createAction} className="flex min-w-[12rem] flex-1 sm:flex-none">
          <input type="hidden" name="connectionId" value={connectionId} />
          <SubmitButton className="w-full justify-center" data-testid="create-access-key" disabled={!userReady || !credentialsHeld} pendingText="Creating…">
            Create the access key
          </SubmitButton>
        </form>
        <form action={skipAction} className="flex min-w-[12rem] flex-1 sm:flex-none">
          <input type="hidden" name="connectionId" value={connectionId} />
          <SubmitButton variant="secondary" className="w-full justify-center" data-testid="skip-access-key">
            Keep an existing key instead
          </SubmitButton>
        </form>
      </div>
      <ActionError state={skipState} />
      {!userReady ? <p className="text-xs text-slate-500">The user is created by the rollout in {stepRef("accounts")}; then create its key here.</p> : !credentialsHeld ? <p className="text-xs text-slate-500">Paste the home account&apos;s credentials in {stepRef("sign-in")} again to create the key.</p> : null}
    </div>
  );
}
