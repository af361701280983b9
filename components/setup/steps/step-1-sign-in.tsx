"use client";
import { useActionState, useState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { AwsCredentialFields } from "@/components/forms/aws-credential-fields";
import { Field } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { chooseManualModeAction, forgetCredentialsAction, recheckPermissionsAction, signInAutomatedAction, switchToAutomatedAction } from "@/lib/setup/actions/step-1-sign-in";
import { groupMissing, permissionsBlock, policyForMissing, principalDescription } from "@/lib/setup/required-permissions";
import type { ConnectionView, MissingPermission } from "@/lib/connections/types";
import { CopyButton } from "../artefact-list";
import type { StepProps } from "../step-props";
import { setupStep, stepRef } from "@/lib/setup/steps";

const MODE_LABEL = { automated: "Automated", manual: "Do it yourself" } as const;

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
      <AwsCredentialFields
        className="grid gap-3 sm:grid-cols-2 sm:[&>*:last-child]:col-span-2"
        accessKeyId={state?.values?.accessKeyId}
        errors={(name) => fieldErrors(state, name)}
        sessionTokenLabel="Session token (for temporary credentials)"
        sessionTokenHint="Leave empty for a long-term access key (AKIA…); temporary credentials (ASIA…) always have one."
      />
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
        aria-required="true"
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

function RecheckButton({ connectionId, label, variant }: { connectionId: string; label: string; variant: "primary" | "secondary" }) {
  const [state, formAction] = useActionState(recheckPermissionsAction, undefined);
  return (
    <form action={formAction}>
      <input type="hidden" name="connectionId" value={connectionId} />
      <ActionError state={state} testId="recheck-error" />
      <SubmitButton variant={variant} size="sm" data-testid="recheck-permissions" pendingText="Checking with AWS…">
        {label}
      </SubmitButton>
    </form>
  );
}

/**
 * What the pasted identity may not do, per step and resource, and the fix: which principal, in which
 * account, gets which policy (AdministratorAccess, or exactly the missing actions as JSON to paste).
 */
function MissingPermissions({ missing, accountId, principalArn, connectionId, canRecheck }: { missing: MissingPermission[]; accountId: string; principalArn: string; connectionId: string; canRecheck: boolean }) {
  const groups = groupMissing(missing);
  const policy = JSON.stringify(policyForMissing(missing), null, 2);
  const who = principalDescription(principalArn);
  const isRole = who.startsWith("the IAM role");
  const sso = /AWSReservedSSO_/.test(principalArn);
  return (
    <Notice tone="warning" title={`These credentials lack ${missing.length} permission(s) the setup needs. Nothing has been changed.`} testId="missing-permissions">
      <ul className="mt-2 space-y-2">
        {groups.map((g) => (
          <li key={`${g.neededFor}-${g.actions.join()}`} data-testid="missing-group">
            <p className="font-medium">{g.neededFor}</p>
            <p className="mt-0.5 [overflow-wrap:anywhere]">
              {g.actions.map((a) => (
                <code key={a} className="mr-1.5 inline-block rounded bg-amber-100 px-1 font-mono text-xs" data-testid="missing-action">
                  {a}
                </code>
              ))}
              <span className="text-amber-800">on</span>
            </p>
            <ul className="mt-0.5 space-y-0.5">
              {g.resources.map((r) => (
                <li key={r} className="[overflow-wrap:anywhere] font-mono text-xs" data-testid="missing-resource">
                  {r}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <div className="mt-3 space-y-2 border-t border-amber-200 pt-3" data-testid="missing-permissions-fix">
        <p>
          <span className="font-semibold">Fix: </span>
          {sso ? (
            <>in IAM Identity Center, give the permission set behind this role (account <span className="font-mono">{accountId}</span>) the AWS managed policy </>
          ) : (
            <>
              in account <span className="font-mono">{accountId}</span>, attach to {who} (IAM console → {isRole ? "Roles" : "Users"} → Add permissions) the AWS managed policy{" "}
            </>
          )}
          <code className="font-mono text-xs">AdministratorAccess</code>, or the inline policy below, which grants exactly the missing actions on exactly these resources. Then {canRecheck ? "check again" : "paste the credentials again"} — or use an administrator&apos;s credentials instead.
        </p>
        <details className="rounded-md bg-white/70 ring-1 ring-amber-200">
          <summary className="cursor-pointer px-3 py-1.5 text-sm font-medium">Policy with exactly the missing permissions (JSON)</summary>
          <div className="space-y-2 border-t border-amber-200 p-2">
            <div className="grid grid-cols-1">
              <pre className="max-h-64 min-w-0 overflow-auto rounded bg-slate-900 p-2 text-xs leading-relaxed text-slate-100" data-testid="missing-permissions-policy">
                {policy}
              </pre>
            </div>
            <CopyButton text={policy} testId="copy-missing-policy" label="Copy the policy" />
          </div>
        </details>
        {canRecheck ? <RecheckButton connectionId={connectionId} label="Check again" variant="primary" /> : null}
      </div>
    </Notice>
  );
}

/**
 * For step 5, above its Plan and Run buttons: why they cannot run while step 1 knows of missing
 * permissions (the server refuses them too), with a link back to step 1's list and fix.
 */
export function MissingPermissionsBlock({ signIn }: { signIn: ConnectionView["progress"]["signIn"] }) {
  const reason = permissionsBlock(signIn);
  if (!reason) return null;
  return (
    <Notice tone="warning" title={`Plan and Run are blocked until ${stepRef("sign-in")}'s permission check passes.`} testId="permissions-block">
      <p className="[overflow-wrap:anywhere]">{reason}</p>
      <a href={`#step-${setupStep("sign-in").number}`} className="mt-1 inline-block font-medium text-amber-900 underline">
        Go to {stepRef("sign-in")}
      </a>
    </Notice>
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
          <dd className="[overflow-wrap:anywhere] font-mono text-xs leading-5" data-testid="caller-arn">{signIn.principalArn}</dd>
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
          <MissingPermissions missing={missing} accountId={signIn.accountId ?? ""} principalArn={signIn.principalArn ?? ""} connectionId={connection.id} canRecheck={editable && creds.held} />
        ) : !signIn.checkNote ? (
          <Notice tone="success" testId="permissions-ok">These credentials may do everything the setup needs (checked with iam:SimulatePrincipalPolicy; nothing was changed).</Notice>
        ) : null}
        {editable ? (
          <div className="flex flex-wrap items-center gap-2">
            {creds.held && missing.length === 0 ? <RecheckButton connectionId={connection.id} label="Check permissions again" variant="secondary" /> : null}
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
      {/* The mode was chosen on "New connection": shown here as a fact, with the one way to change it. */}
      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700" data-testid="setup-mode" data-mode={tab}>
        <span>Setup mode:</span>
        <Badge tone="blue">{MODE_LABEL[tab]}</Badge>
        <button type="button" className="font-medium text-brand-700 hover:underline" data-testid="change-mode" onClick={() => setTab(tab === "automated" ? "manual" : "automated")}>
          Change to {MODE_LABEL[tab === "automated" ? "manual" : "automated"].toLowerCase()}
        </button>
        {tab !== connection.mode ? <span className="text-xs text-slate-500">(saved when you continue below)</span> : null}
      </p>
      {tab === "automated" ? <AutomatedForm connectionId={connection.id} homeAccountId={connection.model.homeAccountId} /> : <ManualForm connectionId={connection.id} homeAccountId={connection.model.homeAccountId} />}
      {replacing ? (
        <button type="button" className="text-sm text-slate-600 hover:underline" onClick={() => setReplacing(false)}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}
