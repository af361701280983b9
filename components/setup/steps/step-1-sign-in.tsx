"use client";
import { useActionState, useState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { Field } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { cn } from "@/components/ui/cn";
import { chooseManualModeAction, forgetCredentialsAction, signInAutomatedAction, switchToAutomatedAction } from "@/lib/setup/actions/step-1-sign-in";
import type { StepProps } from "../step-props";

function AutomatedForm({ connectionId, homeAccountId }: { connectionId: string; homeAccountId?: string }) {
  const [state, formAction] = useActionState(signInAutomatedAction, undefined);
  return (
    <form action={formAction} className="space-y-3" data-testid="sign-in-form" autoComplete="off">
      <input type="hidden" name="connectionId" value={connectionId} />
      <ActionError state={state} testId="sign-in-error" />
      <p className="text-sm text-slate-600">
        Paste temporary credentials of an administrator of the home account{homeAccountId ? ` ${homeAccountId}` : ""} (for example from <code className="rounded bg-slate-100 px-1">aws sts get-session-token</code> or your SSO portal&apos;s
        &ldquo;command line access&rdquo;). They are kept, encrypted, in a cookie of this browser session only — never in the database, the logs or the audit trail — and expire after a few minutes.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Access key ID" name="accessKeyId" defaultValue={state?.values?.accessKeyId ?? ""} errors={fieldErrors(state, "accessKeyId")} spellCheck={false} autoComplete="off" />
        <Field label="Secret access key" name="secretAccessKey" type="password" errors={fieldErrors(state, "secretAccessKey")} autoComplete="new-password" spellCheck={false} />
      </div>
      <Field label="Session token (for temporary credentials)" name="sessionToken" type="password" errors={fieldErrors(state, "sessionToken")} autoComplete="off" hint="Leave empty for a long-term access key (AKIA…); temporary credentials (ASIA…) always have one." />
      <SubmitButton data-testid="sign-in-submit" pendingText="Checking with AWS…">
        Check and continue
      </SubmitButton>
    </form>
  );
}

function ManualForm({ connectionId, homeAccountId }: { connectionId: string; homeAccountId?: string }) {
  const [state, formAction] = useActionState(chooseManualModeAction, undefined);
  return (
    <form action={formAction} className="space-y-3" data-testid="manual-mode-form">
      <input type="hidden" name="connectionId" value={connectionId} />
      <ActionError state={state} testId="manual-mode-error" />
      <p className="text-sm text-slate-600">No credentials are given to the portal. Every step shows the console clicks, the JSON, the AWS CLI commands and templates with your account numbers filled in; Verify then checks what you built.</p>
      <Field
        label="Home account ID"
        name="homeAccountId"
        inputMode="numeric"
        defaultValue={state?.values?.homeAccountId ?? homeAccountId ?? ""}
        errors={fieldErrors(state, "homeAccountId")}
        hint="The account that will hold the collector user (12 digits)."
      />
      <SubmitButton data-testid="manual-mode-submit">Do it myself</SubmitButton>
    </form>
  );
}

function ForgetButton({ connectionId }: { connectionId: string }) {
  const [state, formAction] = useActionState(forgetCredentialsAction, undefined);
  return (
    <form action={formAction}>
      <input type="hidden" name="connectionId" value={connectionId} />
      <ActionError state={state} />
      <SubmitButton variant="secondary" size="sm" data-testid="forget-credentials">
        Forget credentials
      </SubmitButton>
    </form>
  );
}

function SwitchToAutomated({ connectionId }: { connectionId: string }) {
  const [state, formAction] = useActionState(switchToAutomatedAction, undefined);
  return (
    <form action={formAction}>
      <input type="hidden" name="connectionId" value={connectionId} />
      <ActionError state={state} />
      <SubmitButton variant="secondary" size="sm" data-testid="switch-to-automated">
        Switch to automated
      </SubmitButton>
    </form>
  );
}

export function Step1SignIn({ connection, canEdit, context }: StepProps) {
  const signIn = connection.progress.signIn;
  const [tab, setTab] = useState<"automated" | "manual">(connection.mode);
  const [replacing, setReplacing] = useState(false);
  const creds = context.credentials;
  const editable = canEdit && connection.status === "draft";

  if (signIn?.mode === "manual") {
    return (
      <div className="space-y-3" data-testid="sign-in-manual">
        <p className="text-sm text-slate-700">
          <Badge tone="slate">Do it yourself</Badge> <span className="ml-2">Home account <span className="font-mono" data-testid="home-account">{connection.model.homeAccountId}</span>. Sign in to its IAM console as an administrator; the steps below show what to create.</span>
        </p>
        {editable ? <SwitchToAutomated connectionId={connection.id} /> : null}
      </div>
    );
  }

  if (signIn?.mode === "automated" && !replacing) {
    const missing = signIn.missing ?? [];
    return (
      <div className="space-y-4" data-testid="sign-in-automated">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-700">Home account</dt>
          <dd className="font-mono" data-testid="caller-account">{signIn.accountId}</dd>
          <dt className="font-medium text-slate-700">Signed in as</dt>
          <dd className="break-all font-mono text-xs leading-5" data-testid="caller-arn">{signIn.principalArn}</dd>
          <dt className="font-medium text-slate-700">Credentials</dt>
          <dd data-testid="credentials-status">
            {creds.held ? (
              <span>
                <Badge tone="green">held for this session</Badge> <span className="ml-1 text-slate-600">until {new Date(creds.expiresAt ?? "").toLocaleTimeString()}</span>
              </span>
            ) : (
              <Badge tone="amber">expired or forgotten: paste them again to continue</Badge>
            )}
          </dd>
        </dl>
        {signIn.checkNote ? <Notice tone="info" testId="permission-check-note">{signIn.checkNote}</Notice> : null}
        {missing.length > 0 ? (
          <Notice tone="warning" title={`These credentials lack ${missing.length} permission(s) the setup needs. Nothing has been changed.`} testId="missing-permissions">
            <ul className="mt-2 space-y-1">
              {missing.map((m) => (
                <li key={`${m.action}-${m.resource}`} className="break-all">
                  <code className="font-mono text-xs">{m.action}</code> on <code className="font-mono text-xs">{m.resource}</code> — {m.neededFor}
                </li>
              ))}
            </ul>
            <p className="mt-2">Fix: use an administrator of the home account, or grant these actions, then check again.</p>
          </Notice>
        ) : !signIn.checkNote ? (
          <Notice tone="success" testId="permissions-ok">These credentials may do everything the setup needs (checked with iam:SimulatePrincipalPolicy; nothing was changed).</Notice>
        ) : null}
        {editable ? (
          <div className="flex flex-wrap gap-2">
            {creds.held ? <ForgetButton connectionId={connection.id} /> : null}
            <button type="button" className="text-sm font-medium text-brand-700 hover:underline" onClick={() => setReplacing(true)} data-testid="replace-credentials">
              {creds.held ? "Use other credentials" : "Paste credentials again"}
            </button>
          </div>
        ) : null}
        {editable && !creds.held ? <AutomatedForm connectionId={connection.id} homeAccountId={signIn.accountId} /> : null}
      </div>
    );
  }

  if (!editable) return <p className="text-sm text-slate-600">Not started.</p>;
  return (
    <div className="space-y-4">
      <div role="tablist" className="inline-flex rounded-lg bg-slate-100 p-1" aria-label="Setup mode">
        {(["automated", "manual"] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            data-testid={`tab-${t}`}
            onClick={() => setTab(t)}
            className={cn("rounded-md px-3 py-1.5 text-sm font-medium", tab === t ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900")}
          >
            {t === "automated" ? "Automated" : "Do it yourself"}
          </button>
        ))}
      </div>
      {tab === "automated" ? <AutomatedForm connectionId={connection.id} homeAccountId={connection.model.homeAccountId} /> : <ManualForm connectionId={connection.id} homeAccountId={connection.model.homeAccountId} />}
      {replacing ? (
        <button type="button" className="text-sm text-slate-600 hover:underline" onClick={() => setReplacing(false)}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}
