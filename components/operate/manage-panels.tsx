"use client";
import { useActionState, useState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { AwsCredentialFields } from "@/components/forms/aws-credential-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Notice } from "@/components/ui/notice";
import { setWebhookAction, sendTestWebhookAction } from "@/lib/notify/actions";
import {
  deleteConnectionAction,
  deleteOldKeyAction,
  operateSignInAction,
  planAccountsChangeAction,
  planConnectionDeleteAction,
  planKeyRotationAction,
  startAccountsChangeAction,
  startKeyRotationAction,
} from "@/lib/operate/actions";
import { PlanPanel, PlannedAccounts } from "./plan-panel";

const input = "mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600";

export interface ManageProps {
  connectionId: string;
  name: string;
  targetAccountIds: string[];
  accessKeyId: string | null;
  credentials: { held: boolean; expiresAt: string | null; principalArn: string | null };
  webhook: { url: string | null; signed: boolean; lastStatus: string | null };
}

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

export function AccountsPanel({ connectionId, targetAccountIds }: Pick<ManageProps, "connectionId" | "targetAccountIds">) {
  const [form, setForm] = useState({ add: "", remove: "", deleteRemovedResources: false });
  return (
    <PlanPanel
      title="Target accounts"
      description={`${targetAccountIds.length} account(s): ${targetAccountIds.join(", ")}. Plan first; the connection changes only after the connection test passes.`}
      connectionId={connectionId}
      testIdPrefix="accounts"
      planAction={planAccountsChangeAction}
      runAction={startAccountsChangeAction}
      planForm={{
        className: "grid gap-3 sm:grid-cols-2",
        button: { label: "Plan", pendingText: "Planning…" },
        fields: (
          <>
            <label className="text-sm">
              Accounts to add (12 digits, one per line)
              <textarea name="add" rows={2} className={input} value={form.add} onChange={(e) => setForm({ ...form, add: e.target.value })} data-testid="accounts-add" />
            </label>
            <label className="text-sm">
              Accounts to remove
              <textarea name="remove" rows={2} className={input} value={form.remove} onChange={(e) => setForm({ ...form, remove: e.target.value })} data-testid="accounts-remove" />
            </label>
            <label className="flex items-center gap-2 text-sm sm:col-span-2">
              <input type="checkbox" name="deleteRemovedResources" checked={form.deleteRemovedResources} onChange={(e) => setForm({ ...form, deleteRemovedResources: e.target.checked })} data-testid="accounts-delete-resources" />
              Also delete the role and inventory policy in removed accounts
            </label>
          </>
        ),
      }}
      renderPlan={(plan) => (
        <>
          <ul className="list-disc pl-5">
            <PlannedAccounts accounts={plan.accounts} label={(a) => (a.kind === "home" ? `Home ${a.accountId}` : `Add ${a.accountId}`)} noChange="no change" />
            {plan.remove.map((id) => (
              <li key={id}>Remove {id}{plan.deleteRemovedResources ? ": delete its role and inventory policy" : " (its role and policy stay)"}</li>
            ))}
          </ul>
          {plan.notes.map((n) => (
            <p key={n} className="mt-1 text-xs text-slate-600">{n}</p>
          ))}
        </>
      )}
      runForm={(plan) => ({
        button: { label: "Run this change", pendingText: "Starting…" },
        fields: (
          <>
            <input type="hidden" name="add" value={plan.add.join("\n")} />
            <input type="hidden" name="remove" value={plan.remove.join("\n")} />
            {plan.deleteRemovedResources ? <input type="hidden" name="deleteRemovedResources" value="on" /> : null}
          </>
        ),
      })}
    />
  );
}

export function KeyRotationPanel({ connectionId, accessKeyId }: Pick<ManageProps, "connectionId" | "accessKeyId">) {
  const [del, delAction] = useActionState(deleteOldKeyAction, undefined);
  return (
    <PlanPanel
      title="Rotate the collector's access key"
      description={`In use: ${accessKeyId ?? "none"}. Create → test → store → deactivate the old key → (after you confirm) delete it. Then download the beacon details again.`}
      connectionId={connectionId}
      testIdPrefix="rotate"
      planAction={planKeyRotationAction}
      runAction={startKeyRotationAction}
      planForm={{ button: { label: "Plan rotation", pendingText: "Reading keys…" } }}
      renderPlan={(plan) => (
        <>
          <ul className="list-disc pl-5">
            {plan.keys.map((k) => (
              <li key={k.accessKeyId}>
                {k.accessKeyId} — {k.status}
                {k.inUse ? " (in use by the beacon)" : ""}
              </li>
            ))}
          </ul>
          <ol className="mt-2 list-decimal pl-5 text-slate-700">
            {plan.steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
        </>
      )}
      runForm={(plan) => ({
        className: "space-y-2",
        button: { label: "Rotate now", pendingText: "Starting…" },
        fields: plan.full ? (
          <label className="block text-sm">
            {plan.userName} already has two keys (IAM&apos;s maximum). Delete this one first:
            <select name="retireKeyId" className={input} data-testid="rotate-retire-key">
              {plan.keys
                .filter((k) => !k.inUse)
                .map((k) => (
                  <option key={k.accessKeyId} value={k.accessKeyId}>
                    {k.accessKeyId} ({k.status})
                  </option>
                ))}
            </select>
          </label>
        ) : null,
      })}
    >
      <form action={delAction} className="grid gap-2 border-t border-slate-100 pt-3 sm:grid-cols-3">
        <input type="hidden" name="connectionId" value={connectionId} />
        <label className="text-sm sm:col-span-2">
          Old (inactive) key to delete
          <input name="accessKeyId" className={input} data-testid="delete-old-key-id" />
        </label>
        <label className="flex items-center gap-2 text-sm sm:col-span-3">
          <input type="checkbox" name="confirm" data-testid="delete-old-key-confirm" /> The beacon uses the new key (its details were updated)
        </label>
        <div>
          <SubmitButton variant="danger" data-testid="delete-old-key" pendingText="Deleting…">
            Delete old key
          </SubmitButton>
        </div>
      </form>
      {del?.ok ? <Notice tone="success" testId="delete-old-key-done" title={`Deleted ${del.data.deleted}`} /> : <ActionError state={del} testId="delete-old-key-error" />}
    </PlanPanel>
  );
}

export function WebhookPanel({ connectionId, webhook }: Pick<ManageProps, "connectionId" | "webhook">) {
  const [state, action] = useActionState(setWebhookAction, undefined);
  const [test, testAction] = useActionState(sendTestWebhookAction, undefined);
  return (
    <Card>
      <CardHeader title="Notifications" description="A JSON POST {event, connection, failedAccounts, drift, at} when a scheduled test fails, drift is found, or the connection recovers; signed with x-beaconport-signature: sha256=HMAC when a secret is set." />
      <div className="space-y-3 px-5 py-4">
        <form action={action} className="grid gap-3 sm:grid-cols-2">
          <input type="hidden" name="connectionId" value={connectionId} />
          <label className="text-sm">
            Webhook URL (blank: none)
            <input name="webhookUrl" defaultValue={state?.values?.webhookUrl as string | undefined ?? webhook.url ?? ""} className={input} data-testid="webhook-url" />
          </label>
          <label className="text-sm">
            Signing secret ({webhook.signed ? "set; blank keeps it" : "optional"})
            <input name="webhookSecret" type="password" className={input} autoComplete="off" data-testid="webhook-secret" />
          </label>
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

export function DeletePanel({ connectionId, name }: Pick<ManageProps, "connectionId" | "name">) {
  const [cleanup, setCleanup] = useState(false);
  return (
    <PlanPanel
      title="Delete this connection"
      description="Optionally remove what it created in AWS first. The audit trail keeps its history."
      connectionId={connectionId}
      testIdPrefix="delete"
      tone="danger"
      planAction={planConnectionDeleteAction}
      runAction={deleteConnectionAction}
      planForm={{
        className: "flex flex-wrap items-center gap-3",
        button: { label: "Plan deletion", pendingText: "Planning…" },
        fields: (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="cleanupAws" checked={cleanup} onChange={(e) => setCleanup(e.target.checked)} data-testid="delete-cleanup-aws" /> Also delete the roles, policies and the collector user in AWS
          </label>
        ),
      }}
      renderPlan={(plan) => (
        <ul className="list-disc pl-5">
          {plan.deletes.map((d) => (
            <li key={d.accountId}>
              {d.accountId}: delete {d.what.join(", ")}
            </li>
          ))}
          {plan.keeps.map((k) => (
            <li key={k}>Kept: {k}</li>
          ))}
        </ul>
      )}
      runForm={(plan) => ({
        className: "flex flex-wrap items-end gap-3",
        button: { label: "Delete connection", pendingText: "Deleting…", variant: "danger" },
        fields: (
          <>
            {plan.cleanupAws ? <input type="hidden" name="cleanupAws" value="on" /> : null}
            <label className="text-sm">
              Type &quot;{name}&quot; to confirm
              <input name="confirmName" className={input} data-testid="delete-confirm-name" />
            </label>
          </>
        ),
      })}
    />
  );
}
