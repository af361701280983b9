"use client";
import { useActionState, useMemo, useRef } from "react";
import { ActionError, fieldErrors, useFocusAfterAction } from "@/components/forms/action-error";
import { formatUtc } from "@/components/dashboard/format";
import { AwsCredentialFields } from "@/components/forms/aws-credential-fields";
import { Field } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { buildArtefacts } from "@/lib/artefacts";
import type { RolloutPlan } from "@/lib/aws/rollout/types";
import type { AccessModel } from "@/lib/model/types";
import { isActive } from "@/lib/runs/types";
import { planRolloutAction, runRolloutAction, verifySetupAction } from "@/lib/setup/actions/step-5-run";
import { modelFingerprint } from "@/lib/setup/model-fingerprint";
import { permissionsBlock } from "@/lib/setup/required-permissions";
import { doneByPortal, retryScope } from "@/lib/setup/rollout-accounts";
import { planRunResult, verifyRunResult } from "@/lib/setup/run-kinds";
import { rolloutState } from "@/lib/setup/rollout-state";
import type { TargetView } from "@/lib/connections/types";
import { ArtefactList } from "../artefact-list";
import { downloadText } from "../download";
import { ManualAccounts } from "../manual-accounts";
import { FindingList, ProgressBar, RolloutStatus } from "../run-views";
import { useSetupRuns } from "../setup-runs";
import type { StepProps } from "../step-props";
import { MissingPermissionsBlock } from "./step-1-sign-in";
import { CauseAndFix } from "@/components/ui/cause-and-fix";
import { stepRef, stepsRef } from "@/lib/setup/steps";

function CredentialFields({ targets, errors }: { targets: TargetView[]; errors: (name: string) => string[] | undefined }) {
  const needing = targets.filter((t) => t.accessMethod === "credentials");
  if (needing.length === 0) return null;
  return (
    <fieldset className="space-y-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="per-account-credentials">
      <legend className="px-1 text-sm font-medium text-slate-800">Temporary credentials per account</legend>
      <p className="text-xs text-slate-600" data-testid="per-account-credentials-note">
        Pasted credentials are used for one plan or run only and never stored: the fields empty after each click, so paste them again for the run.
      </p>
      {needing.map((t) => (
        <AwsCredentialFields key={t.accountId} className="grid gap-2 sm:grid-cols-3" prefix={`acct_${t.accountId}_`} accessKeyLabel={`${t.accountId}: access key ID`} errors={errors} />
      ))}
    </fieldset>
  );
}

function PlanView({ plan, stale, madeAt }: { plan: RolloutPlan; stale: boolean; madeAt: string }) {
  return (
    <div className="space-y-2" id="plan" data-testid="plan">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold text-slate-900">Plan</h3>
        <Badge tone={plan.upToDate ? "green" : "blue"} testId="plan-total">
          {plan.upToDate ? "Nothing to change" : `${plan.totalChanges} change(s)`}
        </Badge>
        <span className="text-xs text-slate-500" data-testid="plan-made-at">
          made <time dateTime={madeAt}>{formatUtc(madeAt)}</time>
        </span>
        {stale ? <Badge tone="amber" testId="plan-stale">made before the last settings change: show the plan again</Badge> : null}
      </div>
      <ul className="space-y-2">
        {plan.accounts.map((a) => (
          <li key={`${a.kind}-${a.accountId}`} className="rounded-lg p-3 text-sm ring-1 ring-slate-200" data-testid={`plan-${a.kind}-${a.accountId}`}>
            <p className="font-medium text-slate-900">
              <span className="font-mono">{a.accountId}</span> <span className="text-xs font-normal text-slate-500">{a.kind === "home" ? `home account: ${stepsRef("read-roles-policy", "collector-user")}` : a.manual ? "target: set up by you" : `target: ${stepsRef("inventory-policy", "role")}`}</span>
            </p>
            {a.manual ? (
              <p className="mt-1 text-slate-600" data-testid={`plan-manual-${a.accountId}`}>
                You set this one up by hand: no changes planned (the portal does not sign in to it). Its role is still named in the home account&apos;s read-roles policy.
              </p>
            ) : a.error ? (
              <div className="mt-1 rounded-md bg-red-50 px-2 py-1 text-xs text-red-800" data-testid={`plan-error-${a.accountId}`}>
                <CauseAndFix cause={a.error.cause} fix={a.error.fix} />
              </div>
            ) : a.changes.length === 0 ? (
              <p className="mt-1 text-slate-600">Already as intended: nothing will change.</p>
            ) : (
              <ul className="mt-1 space-y-1">
                {a.changes.map((c, i) => (
                  <li key={i} className="flex flex-col gap-0.5 sm:flex-row sm:gap-2">
                    <code className="shrink-0 text-xs text-brand-700">{c.action}</code>
                    <span className="[overflow-wrap:anywhere] text-xs text-slate-700">{c.description}</span>
                  </li>
                ))}
              </ul>
            )}
            {a.notes.length && !a.manual ? (
              <ul className="mt-1 list-disc pl-5 text-xs text-amber-800">
                {a.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The latest plan. Once a rollout made after it has succeeded, its changes are done and its count
 * ("12 change(s)") would mislead: it folds away under a label saying so.
 */
function LatestPlan({ plan, stale, madeAt, superseded }: { plan: RolloutPlan; stale: boolean; madeAt: string; superseded: boolean }) {
  if (!superseded) return <PlanView plan={plan} stale={stale} madeAt={madeAt} />;
  return (
    <details className="rounded-lg ring-1 ring-slate-200" data-testid="plan-superseded">
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700">Plan made before the last run ({formatUtc(madeAt)}): already applied</summary>
      <div className="border-t border-slate-100 p-3">
        <PlanView plan={plan} stale={stale} madeAt={madeAt} />
      </div>
    </details>
  );
}

function Automated({ connectionId, model, targets, editable, credentialsHeld, blocked }: { connectionId: string; model: AccessModel; targets: TargetView[]; editable: boolean; credentialsHeld: boolean; blocked: boolean }) {
  const { plan: planRun, rollout } = useSetupRuns();
  const [planState, planAction] = useActionState(planRolloutAction, undefined);
  const [runState, runAction] = useActionState(runRolloutAction, undefined);
  const fingerprint = useMemo(() => modelFingerprint(model), [model]);
  const planResult = planRunResult(planRun.run?.result);
  const { planActive, rolloutActive, stale, planReady, planMadeAt, planSuperseded, retryOf } = rolloutState({ plan: planRun.run, rollout: rollout.run, fingerprint });
  const failedBefore = retryOf !== null;
  const retryCount = retryScope(targets).length;
  const doneCount = doneByPortal(targets).length;
  const state = runState && !runState.ok ? runState : planState;
  const errors = (name: string) => fieldErrors(runState, name) ?? fieldErrors(planState, name);
  // Two actions in one form: after each, the keyboard goes to what it produced (the plan, the run's progress).
  const formRef = useRef<HTMLFormElement>(null);
  useFocusAfterAction(planState?.ok ? planState : undefined, formRef, "plan");
  useFocusAfterAction(runState?.ok ? runState : undefined, formRef, "rollout-status");
  return (
    <div className="space-y-4">
      {!credentialsHeld && editable ? <Notice tone="warning" testId="credentials-needed">Paste the home account&apos;s credentials in {stepRef("sign-in")} to plan and run (they expire after a few minutes).</Notice> : null}
      {editable ? (
        <form ref={formRef} className="space-y-3" data-testid="rollout-form">
          <input type="hidden" name="connectionId" value={connectionId} />
          {retryOf ? <input type="hidden" name="retryOf" value={retryOf} /> : null}
          <ActionError state={state} testId="rollout-form-error" />
          <CredentialFields targets={targets} errors={errors} />
          <div className="flex flex-wrap gap-2">
            <SubmitButton variant={planReady ? "secondary" : "primary"} formAction={planAction} disabled={planActive || rolloutActive || !credentialsHeld || blocked} data-testid="show-plan" pendingText="Planning…">
              {planResult ? "Show the plan again" : "Show the plan"}
            </SubmitButton>
            <SubmitButton formAction={runAction} disabled={!planReady || rolloutActive || !credentialsHeld || blocked} data-testid={failedBefore ? "retry-failed" : "run-rollout"} pendingText="Starting…">
              {failedBefore ? "Retry failed accounts" : rollout.run ? "Run again" : "Run the rollout"}
            </SubmitButton>
          </div>
          {blocked ? (
            <p className="text-xs text-slate-500" data-testid="rollout-blocked-note">
              Plan and Run are disabled until {stepRef("sign-in")}&apos;s permission check passes (see above).
            </p>
          ) : !planReady && !planActive ? (
            <p className="text-xs text-slate-500">The rollout runs only after you have seen an up-to-date plan.</p>
          ) : null}
          {failedBefore ? (
            <p className="text-xs text-slate-500" data-testid="retry-scope">
              Retrying runs the home account and the {retryCount} account(s) not done yet; the {doneCount} account(s) already done are left alone and keep their status.
            </p>
          ) : null}
        </form>
      ) : null}
      {planRun.run && planActive ? <ProgressBar run={planRun.run} label="Planning (read-only)…" /> : null}
      {planRun.run && !planActive && !planResult && planRun.run.error ? <Notice tone="error" testId="plan-failed">{planRun.run.error}</Notice> : null}
      {planResult && !planActive && planMadeAt ? <LatestPlan plan={planResult.plan} stale={stale} madeAt={planMadeAt} superseded={planSuperseded} /> : null}
      <RolloutStatus homeAccountId={model.homeAccountId} targets={targets} />
      <ManualAccounts connectionId={connectionId} model={model} targets={targets} editable={editable} credentialsHeld={credentialsHeld} />
    </div>
  );
}

function VerifySection({ connectionId, credentialsHeld, editable }: { connectionId: string; credentialsHeld: boolean; editable: boolean }) {
  const { verify } = useSetupRuns();
  const [state, formAction] = useActionState(verifySetupAction, undefined);
  const run = verify.run;
  const active = run ? isActive(run.status) : false;
  const result = verifyRunResult(run?.result);
  return (
    <div className="space-y-3" data-testid="verify-section">
      <h3 className="text-sm font-semibold text-slate-900">Verify what was built</h3>
      {editable ? (
        <form action={formAction} className="space-y-3" data-testid="verify-form" autoComplete="off">
          <input type="hidden" name="connectionId" value={connectionId} />
          <ActionError state={state} testId="verify-error" />
          {credentialsHeld ? (
            <p className="text-sm text-slate-600">Uses the credentials held for this session (read-only calls).</p>
          ) : (
            <>
              <p className="text-sm text-slate-600">Read-only credentials of the home account (IAMReadOnlyAccess suffices, plus a role to read the target accounts). Used for this check only and never stored.</p>
              <AwsCredentialFields accessKeyId={state?.values?.accessKeyId} errors={(name) => fieldErrors(state, name)} />
            </>
          )}
          <Field label="Role used to read the target accounts" name="readRoleName" defaultValue={state?.values?.readRoleName ?? "OrganizationAccountAccessRole"} errors={fieldErrors(state, "readRoleName")} className="max-w-sm" />
          <SubmitButton data-testid="verify-submit" disabled={active} pendingText="Starting…">
            Verify
          </SubmitButton>
        </form>
      ) : null}
      {run && active ? <ProgressBar run={run} label="Verifying (read-only)…" /> : null}
      {run && !active ? (
        result ? (
          <div className="space-y-2" data-testid="verify-result" data-passed={String(result.passed)}>
            {result.passed ? (
              <Notice tone="success" testId="verify-passed" title="Verify passed: everything is as the procedure requires.">
                {result.findings.length ? "A few notes below do not block the connection." : null}
              </Notice>
            ) : (
              <Notice tone="error" testId="verify-failed" title={run.error ?? "Verify found problems."} />
            )}
            <FindingList findings={result.findings} testId="verify-findings" />
          </div>
        ) : run.error ? (
          <Notice tone="error" testId="verify-failed">{run.error}</Notice>
        ) : null
      ) : null}
    </div>
  );
}

function Downloads({ model }: { model: AccessModel }) {
  const artefacts = useMemo(() => buildArtefacts(model), [model]);
  const script = artefacts.find((a) => a.path === "aws-cli/setup.sh");
  return (
    <div className="space-y-3" data-testid="diy-downloads">
      <h3 className="text-sm font-semibold text-slate-900">Everything at once</h3>
      <p className="text-sm text-slate-600">
        <code className="rounded bg-slate-100 px-1">setup.sh</code> performs {stepsRef("inventory-policy", "collector-user", "to")} with the AWS CLI in every account, idempotently (safe to run again; <code className="rounded bg-slate-100 px-1">--dry-run</code> shows what it would change). Its header explains how it reaches each account.
      </p>
      {script ? (
        <Button type="button" data-testid="download-setup-sh" onClick={() => downloadText("setup.sh", script.content, script.mediaType)}>
          Download setup.sh
        </Button>
      ) : null}
      <details>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">All files: policies, CloudFormation, Terraform, README ({artefacts.length})</summary>
        <div className="mt-2">
          <ArtefactList artefacts={artefacts} testId="all-artefacts" />
        </div>
      </details>
    </div>
  );
}

export function Step5Accounts({ connection, canEdit, context }: StepProps) {
  const model = connection.accessModel;
  const editable = canEdit && connection.status === "draft";
  if (!model) {
    return (
      <Notice tone="info" testId="step-5-incomplete" title="Not ready yet">
        {connection.modelIssues.map((i) => i.message).join(" ") || `Sign in (${stepRef("sign-in")}) and add target accounts (${stepRef("inventory-policy")}) first.`}
      </Notice>
    );
  }
  if (connection.mode === "manual") {
    return (
      <div className="space-y-6">
        <p className="text-sm text-slate-700">Repeat {stepsRef("inventory-policy", "role")} in each of the {model.targetAccountIds.length} target account(s), create the read-roles policy ({stepRef("read-roles-policy")}) and the user ({stepRef("collector-user")}) in the home account — by hand, with the script, or with the templates — then verify.</p>
        <Downloads model={model} />
        <VerifySection connectionId={connection.id} credentialsHeld={context.credentials.held} editable={editable} />
      </div>
    );
  }
  return (
    <div className="space-y-6">
      <MissingPermissionsBlock signIn={connection.progress.signIn} />
      <Automated connectionId={connection.id} model={model} targets={connection.targets} editable={editable} credentialsHeld={context.credentials.held} blocked={permissionsBlock(connection.progress.signIn) !== null} />
      {context.runs.rollout ? (
        <details className="rounded-lg ring-1 ring-slate-200">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800">Verify with read-only calls (optional)</summary>
          <div className="border-t border-slate-100 p-3">
            <VerifySection connectionId={connection.id} credentialsHeld={context.credentials.held} editable={editable} />
          </div>
        </details>
      ) : null}
    </div>
  );
}
