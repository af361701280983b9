"use client";
import { useActionState, useState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { describedBy, Field, FieldError, inputClass } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Notice } from "@/components/ui/notice";
import { cn } from "@/components/ui/cn";
import type { ActionResult } from "@/lib/actions/result";
import { updateSettingsAction } from "@/lib/setup/actions/settings";
import { externalIdChoices, shownExternalIdChoice } from "@/lib/setup/external-id-choice";
import { userRenameExplained } from "@/lib/setup/names-in-aws";
import type { DraftModel } from "@/lib/connections/types";
import { stepRef } from "@/lib/setup/steps";

type State = ActionResult<{ saved: boolean }> | undefined;

function useSettings() {
  return useActionState(updateSettingsAction, undefined);
}

function Saved({ state }: { state: State }) {
  return state?.ok ? <span className="text-sm text-emerald-700" data-testid="settings-saved">Saved</span> : null;
}

/**
 * One card's settings form. `onlyWhenChanged`: the Save button appears once a field was changed (and
 * goes again after a successful save), for cards whose primary action is something else.
 */
function Frame({ connectionId, formAction, state, testId, children, disabled, submitLabel = "Save", onlyWhenChanged = false }: { connectionId: string; formAction: (f: FormData) => void; state: State; testId: string; children: React.ReactNode; disabled: boolean; submitLabel?: string; onlyWhenChanged?: boolean }) {
  const [changed, setChanged] = useState(false);
  const [seen, setSeen] = useState(state);
  if (seen !== state) {
    setSeen(state);
    if (state?.ok) setChanged(false);
  }
  const showSave = !onlyWhenChanged || changed || (state !== undefined && !state.ok);
  return (
    <form action={formAction} className="space-y-3" data-testid={testId} onChange={() => setChanged(true)}>
      <input type="hidden" name="connectionId" value={connectionId} />
      <ActionError state={state} testId={`${testId}-error`} />
      <fieldset disabled={disabled} className="space-y-3">
        {children}
      </fieldset>
      {disabled ? null : (
        <div className="flex items-center gap-3">
          {showSave ? (
            <SubmitButton variant="secondary" data-testid={`${testId}-submit`}>
              {submitLabel}
            </SubmitButton>
          ) : null}
          <Saved state={state} />
        </div>
      )}
    </form>
  );
}

/**
 * A name that already belongs to something in AWS: shown, not editable, with why (IAM renames neither
 * policies nor roles; a new name would mean new ones, with the old ones left behind).
 */
function fixedName(exists: boolean | undefined, what: string): Partial<React.InputHTMLAttributes<HTMLInputElement>> & { hint?: string } {
  if (!exists) return {};
  return { readOnly: true, className: "[&_input]:bg-slate-50 [&_input]:text-slate-600", hint: `Exists in AWS, so fixed here: IAM cannot rename ${what}; another name would mean creating new ones and deleting the old by hand.` };
}

/** Step 2: the inventory policy's name and the RDS scope (procedure 2.14–2.18). */
export function InventorySettingsForm({ connectionId, model, disabled, nameInAws }: { connectionId: string; model: DraftModel; disabled: boolean; nameInAws?: boolean }) {
  const [state, formAction] = useSettings();
  const v = state?.values;
  const initialKind = v?.rdsScopeKind ?? model.rdsScope?.kind ?? "all";
  const [kind, setKind] = useState(initialKind);
  // As in step 4: fresh radios per result, so React's reset after the action cannot uncheck the shown one.
  const [seen, setSeen] = useState(state);
  const [round, setRound] = useState(0);
  if (seen !== state) {
    setSeen(state);
    setRound(round + 1);
  }
  const patterns = v?.rdsPatterns ?? (model.rdsScope?.kind === "patterns" ? model.rdsScope.patterns.map((p) => `${p.region} ${p.instanceName}`).join("\n") : "");
  return (
    <Frame connectionId={connectionId} formAction={formAction} state={state} testId="inventory-settings" disabled={disabled} onlyWhenChanged>
      <Field label="Inventory policy name" name="inventoryPolicy" defaultValue={v?.inventoryPolicy ?? model.names?.inventoryPolicy ?? ""} errors={fieldErrors(state, "inventoryPolicy")} hint="Created in every target account (procedure example: ListInventoryForFNMS)." {...fixedName(nameInAws, "a policy")} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">RDS DB instances the beacon may describe (step 2.16)</legend>
        <div className="mt-2 space-y-2 text-sm" key={round}>
          <label className="flex items-start gap-2">
            <input type="radio" name="rdsScopeKind" value="all" checked={kind === "all"} onChange={() => setKind("all")} data-testid="rds-all" className="mt-1" />
            <span>Every DB instance in every region of each account <span className="text-slate-500">(recommended: databases created later are found too)</span></span>
          </label>
          <label className="flex items-start gap-2">
            <input type="radio" name="rdsScopeKind" value="patterns" checked={kind === "patterns"} onChange={() => setKind("patterns")} data-testid="rds-patterns" className="mt-1" />
            <span>Only these regions and instance names</span>
          </label>
        </div>
        {kind === "patterns" ? (
          <div className="mt-2">
            <textarea id="field-rdsPatterns" name="rdsPatterns" rows={3} defaultValue={patterns} className={cn(inputClass, "font-mono")} placeholder={"eu-west-1 orcl-*\n* prod-oracle-erp"} data-testid="input-rdsPatterns" aria-label="Regions and instance name patterns" aria-required="true" {...describedBy("field-rdsPatterns", { hint: true, errors: fieldErrors(state, "rdsPatterns") })} />
            <p id="field-rdsPatterns-hint" className="mt-1 text-xs text-slate-500">One per line: a region (or * or eu-*) and an instance name pattern.</p>
            <FieldError id="field-rdsPatterns" name="rdsPatterns" errors={fieldErrors(state, "rdsPatterns")} />
          </div>
        ) : null}
      </fieldset>
    </Frame>
  );
}

/** Step 3: the read-roles policy's name. */
export function ReadRolesSettingsForm({ connectionId, model, disabled, nameInAws }: { connectionId: string; model: DraftModel; disabled: boolean; nameInAws?: boolean }) {
  const [state, formAction] = useSettings();
  return (
    <Frame connectionId={connectionId} formAction={formAction} state={state} testId="read-roles-settings" disabled={disabled || Boolean(nameInAws)}>
      <Field label="Read-roles policy name" name="readRolesPolicy" defaultValue={state?.values?.readRolesPolicy ?? model.names?.readRolesPolicy ?? ""} errors={fieldErrors(state, "readRolesPolicy")} hint="Created in the home account (procedure example: ReadRolesForFNMS); split policies get -2, -3, …" {...fixedName(nameInAws, "a policy")} />
    </Frame>
  );
}

/** Step 4: the role's name and path, and the external ID (the same for every account). */
export function RoleSettingsForm({ connectionId, model, disabled, nameInAws }: { connectionId: string; model: DraftModel; disabled: boolean; nameInAws?: boolean }) {
  const [state, formAction] = useSettings();
  const v = state?.values;
  // The admin's pick until a Save succeeds; then the stored state is the current choice (never no radio at all).
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [seen, setSeen] = useState(state);
  // React resets a form after its action, radios to the checked state they were mounted with; a fresh
  // set of radios per result keeps the one shown checked (else none may be, or a stale one).
  const [round, setRound] = useState(0);
  if (seen !== state) {
    setSeen(state);
    setRound(round + 1);
    setPicked(state?.ok ? undefined : (state?.values?.externalIdMode ?? picked));
  }
  const mode = shownExternalIdChoice(model, picked);
  const setMode = (value: string) => setPicked(value);
  return (
    <Frame connectionId={connectionId} formAction={formAction} state={state} testId="role-settings" disabled={disabled}>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Role name" name="role" defaultValue={v?.role ?? model.names?.role ?? ""} errors={fieldErrors(state, "role")} hint="Procedure example: ListEC2ForFNMSRole." {...fixedName(nameInAws, "a role (its ARN is what the beacon reads)")} />
        <Field label="Role path" name="rolePath" defaultValue={v?.rolePath ?? model.rolePath ?? "/"} errors={fieldErrors(state, "rolePath")} hint="/ unless your organization uses paths, e.g. /fnms/." {...fixedName(nameInAws, "a role's path")} />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">External ID (step 4.5)</legend>
        <p className="mt-1 text-xs text-slate-500">Best practice when a third party assumes the role. The same value for every account; the beacon sends it ({stepRef("connection")}).</p>
        {model.externalId ? (
          <p className="mt-2 break-all rounded-md bg-slate-50 px-3 py-2 font-mono text-sm" data-testid="external-id">
            {model.externalId}
          </p>
        ) : (
          <p className="mt-2 text-sm text-slate-600" data-testid="external-id-absent">
            {model.noExternalId ? "No external ID: you confirmed that the roles trust the home account without one." : "No external ID yet: the plan waits until you generate one or confirm that none is wanted."}
          </p>
        )}
        <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {externalIdChoices(model).map(({ value, label }) => (
            <label key={`${value}-${round}`} className="flex items-center gap-1.5">
              <input type="radio" name="externalIdMode" value={value} checked={mode === value} onChange={() => setMode(value)} data-testid={`external-id-${value}`} />
              {label}
            </label>
          ))}
        </div>
        {mode === "enter" ? (
          <Field className="mt-2" label="Your external ID" name="externalId" defaultValue={v?.externalId ?? ""} errors={fieldErrors(state, "externalId")} spellCheck={false} />
        ) : null}
        {mode === "none" ? (
          <Notice tone="warning">
            Without an external ID anyone who learns the role ARN and holds credentials of the home account may assume it.
            <label className="mt-2 flex items-center gap-1.5 font-medium">
              <input type="checkbox" id="field-confirmNoExternalId" name="confirmNoExternalId" value="yes" defaultChecked={model.noExternalId === true} data-testid="confirm-no-external-id" aria-required="true" {...describedBy("field-confirmNoExternalId", { errors: fieldErrors(state, "confirmNoExternalId") })} />
              I understand: create the roles without an external ID.
            </label>
          </Notice>
        ) : null}
        <FieldError id="field-confirmNoExternalId" name="confirmNoExternalId" errors={fieldErrors(state, "confirmNoExternalId")} />
      </fieldset>
    </Frame>
  );
}

/**
 * Step 6: the collector user's name. Once the user exists in AWS the name is shown, not offered for
 * editing: changing it here would only change what the portal looks for. The "Rename" path says what a
 * rename in AWS does (IAM UpdateUser) and then records the new name.
 */
export function UserSettingsForm({ connectionId, model, disabled, exists }: { connectionId: string; model: DraftModel; disabled: boolean; exists: boolean }) {
  const [state, formAction] = useSettings();
  const name = model.names?.user ?? "";
  if (exists) {
    const r = userRenameExplained(model.homeAccountId, name);
    return (
      <div className="space-y-2" data-testid="user-settings">
        <p className="text-sm">
          <span className="font-medium text-slate-800">Collector user </span>
          <span className="font-mono" data-testid="collector-user-name">{name}</span>
          <span className="ml-2 text-xs text-slate-500">exists in AWS: <span className="[overflow-wrap:anywhere] font-mono">{r.arn}</span></span>
        </p>
        {disabled ? null : (
          <details className="rounded-md ring-1 ring-slate-200" data-testid="rename-user">
            <summary className="cursor-pointer px-3 py-1.5 text-sm font-medium text-brand-700">Rename the user…</summary>
            <div className="space-y-3 border-t border-slate-100 p-3 text-sm" data-testid="rename-user-explained">
              <p>Renaming happens in AWS (IAM UpdateUser); the portal does not do it for you. Run, as an administrator of the home account:</p>
              <pre tabIndex={0} className="overflow-x-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">{r.command}</pre>
              <div className="grid gap-2 sm:grid-cols-2">
                <div>
                  <p className="font-medium text-slate-800">What changes</p>
                  <ul className="mt-1 list-disc space-y-0.5 pl-5 text-slate-600">{r.changes.map((c) => <li key={c} className="[overflow-wrap:anywhere]">{c}</li>)}</ul>
                </div>
                <div>
                  <p className="font-medium text-slate-800">What stays</p>
                  <ul className="mt-1 list-disc space-y-0.5 pl-5 text-slate-600">{r.unchanged.map((c) => <li key={c}>{c}</li>)}</ul>
                </div>
              </div>
              <p className="text-slate-600">Then record the new name here, so the portal&apos;s checks and the connection test look for the renamed user. Recording it invalidates the last connection test.</p>
              <Frame connectionId={connectionId} formAction={formAction} state={state} testId="rename-user-form" disabled={false} submitLabel="Record the new name">
                <Field label="New user name" name="user" defaultValue={state?.values?.user ?? name} errors={fieldErrors(state, "user")} />
              </Frame>
            </div>
          </details>
        )}
      </div>
    );
  }
  return (
    <Frame connectionId={connectionId} formAction={formAction} state={state} testId="user-settings" disabled={disabled}>
      <Field label="Collector user name" name="user" defaultValue={state?.values?.user ?? name} errors={fieldErrors(state, "user")} hint="Procedure example: FNMSUser." />
    </Frame>
  );
}
