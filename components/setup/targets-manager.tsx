"use client";
import { useActionState, useState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { describedBy, FieldError, inputClass, RequiredMark } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Notice } from "@/components/ui/notice";
import { addTargetsAction, discoverAccountsAction, removeTargetAction, setTargetAccessAction } from "@/lib/setup/actions/step-2-targets";
import type { AccessMethod, SetupMode, TargetView } from "@/lib/connections/types";
import { stepRef } from "@/lib/setup/steps";
import { statusTone } from "./status-tone";

/** The form field look without its full width, for controls that sit side by side. */
const inlineInput = inputClass.replace("w-full", "");

const METHOD_LABEL: Record<AccessMethod, string> = {
  assume: "Assume an admin role",
  credentials: "Temporary credentials",
  manual: "Do it myself",
};

function AccessFields({ method, roleName, onMethod, onRole, prefix, automated, className }: { method: AccessMethod; roleName: string; onMethod: (m: AccessMethod) => void; onRole?: (name: string) => void; prefix: string; automated: boolean; className?: string }) {
  return (
    <div className={cn("flex min-w-0 flex-wrap items-center gap-2", className)}>
      <select name="accessMethod" value={method} onChange={(e) => onMethod(e.target.value as AccessMethod)} className={cn(inlineInput, "w-full min-w-0 max-w-full py-1.5 sm:w-auto")} data-testid={`${prefix}-access-method`} aria-label="How the portal reaches the account">
        {(Object.keys(METHOD_LABEL) as AccessMethod[])
          .filter((m) => automated || m !== "credentials")
          .map((m) => (
            <option key={m} value={m}>
              {METHOD_LABEL[m]}
            </option>
          ))}
      </select>
      {method === "assume" ? (
        <input name="adminRoleName" defaultValue={roleName} onChange={(e) => onRole?.(e.target.value)} className={cn(inlineInput, "w-full py-1.5 font-mono text-xs sm:w-72")} aria-label="Administrator role name" data-testid={`${prefix}-admin-role`} />
      ) : null}
    </div>
  );
}

function TargetRow({ connectionId, target, editable, automated }: { connectionId: string; target: TargetView; editable: boolean; automated: boolean }) {
  const [state, formAction] = useActionState(setTargetAccessAction, undefined);
  const [removeState, removeAction] = useActionState(removeTargetAction, undefined);
  const [method, setMethod] = useState<AccessMethod>(target.accessMethod);
  const storedRole = target.adminRoleName ?? "OrganizationAccountAccessRole";
  const [role, setRole] = useState(storedRole);
  // One primary action per card ("Add accounts"): a row offers Save only once it differs from what is stored.
  const changed = method !== target.accessMethod || (method === "assume" && role !== storedRole);
  return (
    <li className="flex flex-col gap-2 px-3 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid={`target-${target.accountId}`}>
      <div className="min-w-0">
        <span className="font-mono text-sm text-slate-900">{target.accountId}</span>
        {target.name ? <span className="ml-2 text-sm text-slate-600">{target.name}</span> : null}
        <span className="ml-2">
          <Badge tone={statusTone(target.setupStatus)} testId={`target-${target.accountId}-status`}>
            {target.accessMethod === "manual"
              ? target.setupStatus === "done"
                ? "verified"
                : target.setupStatus === "failed"
                  ? "Verify failed"
                  : `set up by you: verify in ${stepRef("accounts")}`
              : target.setupStatus === "pending"
                ? "not set up yet"
                : target.setupStatus}
          </Badge>
        </span>
        {target.setupError ? <p className="mt-1 text-xs text-red-700 [overflow-wrap:anywhere]">{target.setupError}</p> : null}
      </div>
      {editable ? (
        <div className="flex flex-wrap items-center gap-2 sm:justify-end xl:shrink-0 xl:flex-nowrap">
          {/* `contents`: the fields and both buttons lay out as one row set, so Save and Remove stay side by side on a phone. */}
          <form action={formAction} className="contents">
            <input type="hidden" name="connectionId" value={connectionId} />
            <input type="hidden" name="accountId" value={target.accountId} />
            <AccessFields method={method} roleName={storedRole} onMethod={setMethod} onRole={setRole} prefix={`target-${target.accountId}`} automated={automated} className="w-full sm:w-auto" />
            {changed ? (
              <SubmitButton variant="secondary" size="sm" data-testid={`target-${target.accountId}-save`}>
                Save change
              </SubmitButton>
            ) : null}
          </form>
          <form action={removeAction}>
            <input type="hidden" name="connectionId" value={connectionId} />
            <input type="hidden" name="accountId" value={target.accountId} />
            <SubmitButton variant="ghost" size="sm" data-testid={`target-${target.accountId}-remove`} aria-label={`Remove ${target.accountId}`}>
              Remove
            </SubmitButton>
          </form>
          {!state?.ok && state ? <p className="w-full text-xs text-red-700">{state.error.message} {Object.values(state.error.fieldErrors ?? {}).flat().join(" ")}</p> : null}
          {!removeState?.ok && removeState ? <p className="w-full text-xs text-red-700">{removeState.error.message}</p> : null}
        </div>
      ) : (
        <span className="text-sm text-slate-600">{METHOD_LABEL[target.accessMethod]}{target.accessMethod === "assume" ? ` (${target.adminRoleName ?? "OrganizationAccountAccessRole"})` : ""}</span>
      )}
    </li>
  );
}

function AddForm({ connectionId, automated }: { connectionId: string; automated: boolean }) {
  const [state, formAction] = useActionState(addTargetsAction, undefined);
  const [method, setMethod] = useState<AccessMethod>("assume");
  return (
    <form action={formAction} className="min-w-0 space-y-2" data-testid="add-targets-form">
      <input type="hidden" name="connectionId" value={connectionId} />
      <ActionError state={state} testId="add-targets-error" resultId="add-targets-result" />
      <label htmlFor="field-accounts" className="block text-sm font-medium text-slate-800">
        Add accounts by ID
        <RequiredMark />
      </label>
      <textarea
        id="field-accounts"
        name="accounts"
        rows={3}
        defaultValue={state && !state.ok ? (state.values?.accounts ?? "") : ""}
        key={state?.ok ? `ok-${state.data.added.join(",")}` : "editing"}
        placeholder={"222222222222\n3333-3333-3333, 444444444444"}
        className={cn(inputClass, "font-mono")}
        aria-required="true"
        {...describedBy("field-accounts", { hint: true, errors: fieldErrors(state, "accounts") })}
        data-testid="input-accounts"
      />
      <p id="field-accounts-hint" className="text-xs text-slate-500">One ID or a pasted list (lines, commas or spaces). Each entry is checked; nothing is added while one is wrong.</p>
      <FieldError id="field-accounts" name="accounts" errors={fieldErrors(state, "accounts")} />
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-slate-700">Reach them by</span>
        <AccessFields method={method} roleName="OrganizationAccountAccessRole" onMethod={setMethod} prefix="add" automated={automated} />
      </div>
      <SubmitButton data-testid="add-targets-submit">Add accounts</SubmitButton>
      {state?.ok ? (
        <p className="text-sm text-emerald-700" id="add-targets-result" role="status" data-testid="add-targets-result">
          Added {state.data.added.length} account(s){state.data.alreadyThere.length ? `; already listed: ${state.data.alreadyThere.join(", ")}` : ""}.
        </p>
      ) : null}
    </form>
  );
}

function Discover({ connectionId }: { connectionId: string }) {
  const [state, discover] = useActionState(discoverAccountsAction, undefined);
  const [addState, addAction] = useActionState(addTargetsAction, undefined);
  const result = state?.ok ? state.data : null;
  return (
    <div className="min-w-0 space-y-2" data-testid="discover">
      <form action={discover}>
        <input type="hidden" name="connectionId" value={connectionId} />
        <SubmitButton variant="secondary" data-testid="discover-accounts" pendingText="Asking AWS Organizations…">
          Discover the organization&apos;s accounts
        </SubmitButton>
      </form>
      <ActionError state={state} testId="discover-error" />
      {result && !result.available ? <Notice tone="info" testId="discover-unavailable">{result.reason} Enter the account IDs by hand instead.</Notice> : null}
      {result && result.available ? (
        <form action={addAction} className="space-y-2 rounded-lg ring-1 ring-slate-200" data-testid="discovered-accounts">
          <input type="hidden" name="connectionId" value={connectionId} />
          <input type="hidden" name="accessMethod" value="assume" />
          <input type="hidden" name="accountNames" value={JSON.stringify(Object.fromEntries(result.accounts.map((a) => [a.accountId, a.name ?? ""])))} />
          <ul className="max-h-72 divide-y divide-slate-100 overflow-auto">
            {result.accounts.map((a) => (
              <li key={a.accountId} className="px-3 py-2">
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="accounts" value={a.accountId} defaultChecked={!a.added && a.status !== "SUSPENDED"} disabled={a.added} data-testid={`discovered-${a.accountId}`} />
                  <span className="font-mono">{a.accountId}</span>
                  {/* Badges wrap under the name rather than squeezing it on a phone. */}
                  <span className="flex min-w-0 flex-1 flex-wrap items-center gap-x-2 gap-y-0.5">
                    <span className="text-slate-600 [overflow-wrap:anywhere]">{a.name}</span>
                    {a.accountId === result.managementAccountId ? <Badge tone="blue">management</Badge> : null}
                    {a.added ? <Badge tone="slate">added</Badge> : null}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          <div className="flex flex-wrap items-center gap-2 px-3 pb-3">
            <SubmitButton data-testid="add-discovered">Add selected accounts</SubmitButton>
            <span className="text-xs text-slate-500">Reached through OrganizationAccountAccessRole; change it per account afterwards.</span>
            <ActionError state={addState} />
            {addState?.ok ? <span className="text-sm text-emerald-700">Added {addState.data.added.length} account(s).</span> : null}
          </div>
        </form>
      ) : null}
    </div>
  );
}

/** Steps 2 and 5: which accounts, and how the portal reaches each. */
export function TargetsManager({ connectionId, targets, editable, mode, canDiscover }: { connectionId: string; targets: TargetView[]; editable: boolean; mode: SetupMode; canDiscover: boolean }) {
  const automated = mode === "automated";
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? targets : targets.slice(0, 50);
  return (
    <div className="space-y-4">
      <div>
        <h3 className="text-sm font-semibold text-slate-900">Target accounts ({targets.length})</h3>
        {targets.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600" data-testid="no-targets">No accounts yet. The home account itself may be a target too.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200" data-testid="target-list">
            {shown.map((t) => (
              <TargetRow key={`${t.accountId}-${t.accessMethod}-${t.adminRoleName}`} connectionId={connectionId} target={t} editable={editable} automated={automated} />
            ))}
          </ul>
        )}
        {targets.length > shown.length ? (
          <Button type="button" variant="ghost" size="sm" onClick={() => setShowAll(true)} className="mt-2">
            Show all {targets.length}
          </Button>
        ) : null}
      </div>
      {editable ? (
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          <AddForm connectionId={connectionId} automated={automated} />
          {automated && canDiscover ? <Discover connectionId={connectionId} /> : null}
        </div>
      ) : null}
    </div>
  );
}
