"use client";
import { useActionState, useMemo } from "react";
import { ActionError } from "@/components/forms/action-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { buildCliScript } from "@/lib/artefacts";
import type { AccessModel } from "@/lib/model/types";
import { roleArn } from "@/lib/policies";
import { verifyManualAccountAction } from "@/lib/setup/actions/step-5-run";
import type { TargetView } from "@/lib/connections/types";
import { setupStep, stepRef, stepsRef } from "@/lib/setup/steps";
import { isByHand } from "@/lib/setup/rollout-accounts";
import { DiyPanel } from "./diy-panel";
import { downloadText } from "./download";
import { CauseAndFix } from "@/components/ui/cause-and-fix";

/**
 * Step 5 in automated mode, for the target accounts the administrator sets up by hand: that account's
 * own documents and commands (the wizard's do-it-yourself panels, generated for this one account) and
 * "Verify this account", which checks what was built the way the beacon will use it.
 */
/** What is built by hand in each target account, by the procedure's steps. */
const TARGET_ACCOUNT_STEPS = [
  { number: setupStep("inventory-policy").number, what: "the inventory policy" },
  { number: setupStep("role").number, what: "the role and its trust policy" },
];

export function ManualAccounts({ connectionId, model, targets, editable, credentialsHeld }: { connectionId: string; model: AccessModel; targets: TargetView[]; editable: boolean; credentialsHeld: boolean }) {
  const manual = targets.filter((t) => isByHand(t.accessMethod));
  if (manual.length === 0) return null;
  const verified = manual.filter((t) => t.setupStatus === "done").length;
  return (
    <section className="space-y-3" data-testid="manual-accounts">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold text-slate-900">Accounts you set up yourself ({manual.length})</h3>
        <Badge tone={verified === manual.length ? "green" : "amber"} testId="manual-accounts-count">
          {verified} of {manual.length} verified
        </Badge>
      </div>
      <p className="text-sm text-slate-600 [overflow-wrap:anywhere]">
        The portal never signs in to these accounts. In each one, with that account&apos;s own credentials, create the inventory policy ({stepRef("inventory-policy")}) and the role ({stepRef("role")}) — in the console, with the JSON and commands below, or with the account&apos;s script — then verify it. The home account&apos;s read-roles policy ({stepRef("read-roles-policy")}) already names their roles.
      </p>
      <ul className="space-y-3">
        {manual.map((t) => (
          <ManualAccount key={t.accountId} connectionId={connectionId} model={model} target={t} editable={editable} credentialsHeld={credentialsHeld} />
        ))}
      </ul>
    </section>
  );
}

/**
 * setup.sh generated for a model holding only this account, always in --targets-only mode: run in full
 * it would also rewrite the home account's read-roles policy with this one role ARN.
 */
function scriptForOneAccount(single: AccessModel, accountId: string): string {
  const [shebang, ...rest] = buildCliScript(single).split("\n");
  return [shebang, `# For target account ${accountId} only: ${stepsRef("inventory-policy", "role")}. The portal sets up the home account (${stepsRef("read-roles-policy", "collector-user")}).`, 'set -- --targets-only "$@"', ...rest].join("\n");
}

function ManualAccount({ connectionId, model, target, editable, credentialsHeld }: { connectionId: string; model: AccessModel; target: TargetView; editable: boolean; credentialsHeld: boolean }) {
  const id = target.accountId;
  // The same generators as the whole-connection downloads, for a model holding only this account.
  const single = useMemo(() => ({ ...model, targetAccountIds: [id] }), [model, id]);
  const script = useMemo(() => scriptForOneAccount(single, id), [single, id]);
  const [state, formAction] = useActionState(verifyManualAccountAction, undefined);
  const fresh = state?.ok && state.data.accountId === id ? state.data : null;
  // The stored status (a reload, another browser) unless this browser has just verified.
  const status = fresh ? (fresh.passed ? "done" : "failed") : target.setupStatus;
  const arn = roleArn(model, id);
  const scriptName = `setup-${id}.sh`;
  return (
    <li className="space-y-3 rounded-lg p-3 ring-1 ring-slate-200" data-testid={`manual-account-${id}`} data-status={status}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm font-medium text-slate-900">{id}</span>
        {target.name ? <span className="text-sm text-slate-600">{target.name}</span> : null}
        <Badge tone={status === "done" ? "green" : status === "failed" ? "red" : "amber"} testId={`manual-account-${id}-status`}>
          {status === "done" ? "verified" : status === "failed" ? "Verify failed" : "waiting for Verify"}
        </Badge>
      </div>
      <p className="[overflow-wrap:anywhere] text-xs text-slate-600">
        Role to create: <code className="rounded bg-slate-100 px-1">{arn}</code>
      </p>

      {status === "done" ? (
        <Notice tone="success" testId={`manual-verify-passed-${id}`} title="Verify passed: the home account assumed the role with the external ID, and the inventory reads work.">
          {fresh ? `${fresh.passedChecks} calls passed in ${fresh.regions} region(s); ${fresh.instances ?? "unknown"} EC2 instance(s) visible.` : null}
        </Notice>
      ) : status === "failed" ? (
        <div className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-200 [overflow-wrap:anywhere]" data-testid={`manual-verify-failed-${id}`}>
          {fresh ? (
            <>
              <p className="font-medium">Verify failed at {fresh.failedCheck}.</p>
              <CauseAndFix className="mt-1" cause={fresh.cause} fix={fresh.fix} />
            </>
          ) : (
            <p>{target.setupError ?? "The last Verify failed."}</p>
          )}
        </div>
      ) : null}

      <div className="space-y-2">
        {TARGET_ACCOUNT_STEPS.map(({ number, what }) => (
          <DiyPanel key={number} model={single} step={number} testId={`diy-${id}-step-${number}`} label={`Step ${number} in ${id}: ${what} (console, JSON, CLI)`} />
        ))}
      </div>
      <div className="flex flex-col items-start gap-2 sm:flex-row sm:items-center">
        <Button type="button" variant="secondary" size="sm" className="shrink-0" data-testid={`download-setup-${id}`} onClick={() => downloadText(scriptName, script, "text/x-shellscript")}>
          Download {scriptName}
        </Button>
        <p className="min-w-0 text-xs text-slate-600">
          {stepsRef("inventory-policy", "role", "and", true)} for this account only, idempotent (never touches the home account): run <code className="rounded bg-slate-100 px-1">bash {scriptName}</code> with credentials of account {id}, e.g. in its CloudShell.
        </p>
      </div>

      {editable ? (
        <form action={formAction} className="space-y-2" data-testid={`verify-account-form-${id}`}>
          <input type="hidden" name="connectionId" value={connectionId} />
          <input type="hidden" name="accountId" value={id} />
          <ActionError state={state} testId={`verify-account-error-${id}`} />
          <SubmitButton data-testid={`verify-account-${id}`} disabled={!credentialsHeld} pendingText="Verifying…">
            Verify this account
          </SubmitButton>
          {!credentialsHeld ? <p className="text-xs text-slate-500">Paste the home account&apos;s credentials in {stepRef("sign-in")} first: Verify assumes the role from the home account.</p> : null}
        </form>
      ) : null}
    </li>
  );
}
