"use client";
import { useActionState, useCallback, useState } from "react";
import { useRouter } from "next/navigation";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Notice } from "@/components/ui/notice";
import type { ActionResult } from "@/lib/actions/result";
import { checkProxyServer } from "@/lib/model";
import type { RunView } from "@/lib/runs/types";
import { saveConnectionAction, testConnectionAction } from "@/lib/setup/actions/step-8-connection";
import { saveButtonState, storedSecretPlaceholder, type TestedHere } from "@/lib/setup/step-8-form-state";
import { TestResults } from "./step-8-test-results";
import { stepRef } from "@/lib/setup/steps";

export interface Step8Defaults {
  connectionName: string;
  accessKeyId: string;
  hasCollectorSecret: boolean;
  /** The portal created the key in step 6 (its secret is stored sealed). */
  keyFromStep6: boolean;
  externalId: string;
  useProxy: boolean;
  proxyServer: string;
  proxyUsername: string;
  hasProxyPassword: boolean;
  /** The connection is saved (not a draft): what the fields hold is what the beacon uses. */
  saved: boolean;
}

type TestData = { runId: string; proxyServer: string | null; changed: boolean };
type SaveData = { scheduleName: string; intervalMinutes: number; nextRunAt: string | null };

/**
 * The beacon's connection dialog (procedure step 8): fill in, Test Connection, and only then Save.
 * Any edit after a test disables Save until the next test (the server checks the same rule).
 */
export function Step8ConnectionForm({
  connectionId,
  defaults,
  latestRun,
  saveRefusal,
}: {
  connectionId: string;
  defaults: Step8Defaults;
  latestRun: RunView | null;
  saveRefusal: string | null;
}) {
  const router = useRouter();
  const [values, setValues] = useState<Record<string, string> | undefined>(undefined);
  const [dirty, setDirty] = useState(false);
  const [runId, setRunId] = useState<string | null>(latestRun?.id ?? null);
  const [testedHere, setTestedHere] = useState<TestedHere>(null);
  const [useProxy, setUseProxy] = useState(defaults.useProxy);
  const [proxyTyped, setProxyTyped] = useState(defaults.proxyServer);

  const [testState, testAction] = useActionState(async (prev: ActionResult<TestData> | undefined, data: FormData) => {
    const result = await testConnectionAction(prev, data);
    setValues(result.values);
    if (result.ok) {
      setRunId(result.data.runId);
      setDirty(false);
      setTestedHere("running");
    }
    return result;
  }, undefined);
  const [saveState, saveAction] = useActionState(async (prev: ActionResult<SaveData> | undefined, data: FormData) => {
    const result = await saveConnectionAction(prev, data);
    setValues(result.values);
    if (result.ok) {
      // What is on screen is now the saved connection: Save has nothing left to do until a detail changes.
      setTestedHere(null);
      router.refresh();
    }
    return result;
  }, undefined);

  const onFinished = useCallback(
    (run: RunView) => {
      setTestedHere(run.status === "succeeded" ? "passed" : "failed");
      router.refresh();
    },
    [router],
  );

  const v = (name: keyof Step8Defaults & string): string => values?.[name] ?? String(defaults[name] ?? "");
  const errorsOf = (name: string) => fieldErrors(testState, name) ?? fieldErrors(saveState, name);
  const normalized = useProxy && proxyTyped.trim() ? checkProxyServer(proxyTyped) : null;
  const save = saveButtonState({ saved: defaults.saved, dirty, testedHere, saveRefusal });
  const canSave = save.state === "ready";
  const blockedReason = save.reason;

  return (
    <form
      className="space-y-5"
      data-testid="step8-form"
      noValidate
      action={testAction}
      onChange={(e) => {
        const target = e.target as unknown as HTMLInputElement;
        if (target.name === "useProxy") setUseProxy(target.checked);
        if (target.name === "proxyServer") setProxyTyped(target.value);
        setDirty(true);
      }}
    >
      <input type="hidden" name="connectionId" value={connectionId} />
      <ActionError state={testState} testId="step8-test-error" />
      <ActionError state={saveState} testId="step8-save-error" />

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="sr-only">Connection</legend>
        <Field id="step8-connectionName" label="Connection Name" name="connectionName" defaultValue={v("connectionName")} errors={errorsOf("connectionName")} hint="Becomes the name of the data import task in IT Asset Management." className="sm:col-span-2" />
        {/* Fixed by this procedure: shown as values, not as dropdowns that only look editable. */}
        <div>
          <p className="block text-sm font-medium text-slate-800" id="step8-sourceType-label">Source Type</p>
          <p className="mt-1.5 flex flex-wrap items-center gap-2 text-sm text-slate-900" aria-labelledby="step8-sourceType-label" data-testid="step8-sourceType">
            Amazon Web Services <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">fixed</span>
          </p>
        </div>
        <div>
          <p className="block text-sm font-medium text-slate-800" id="step8-adapterType-label">Adapter Type</p>
          <p className="mt-1.5 flex flex-wrap items-center gap-2 text-sm text-slate-900" aria-labelledby="step8-adapterType-label" data-testid="step8-adapterType">
            Direct <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">fixed</span>
          </p>
          <p className="mt-1 text-xs text-slate-500">The beacon defaults to AWS Config; choose Direct there: this procedure lets the beacon connect to each account itself through its role.</p>
        </div>
        <Field id="step8-accessKeyId" label="Access Key" name="accessKeyId" autoComplete="off" spellCheck={false} defaultValue={v("accessKeyId")} errors={errorsOf("accessKeyId")} hint={defaults.keyFromStep6 ? `Prefilled from ${stepRef("collector-user")} (the key the portal created).` : "From the credentials .csv of the collector user."} />
        <Field
          id="step8-secretAccessKey"
          label="Secret Access Key"
          name="secretAccessKey"
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          placeholder={storedSecretPlaceholder({ held: defaults.hasCollectorSecret, saved: defaults.saved, fromStep6: defaults.keyFromStep6 }, "Paste from the credentials .csv")}
          errors={errorsOf("secretAccessKey")}
          hint={defaults.hasCollectorSecret ? (defaults.keyFromStep6 ? `Stored encrypted since ${stepRef("collector-user")}; never shown again.` : "Stored encrypted; never shown again.") : "Stored encrypted; never shown again."}
        />
        <Field id="step8-externalId" label="External ID" name="externalId" autoComplete="off" spellCheck={false} defaultValue={v("externalId")} errors={errorsOf("externalId")} hint="The one in the roles' trust policy (step 4.5); leave blank if the roles require none." className="sm:col-span-2" />
      </fieldset>

      <fieldset className="space-y-4 rounded-lg bg-slate-50 p-4">
        <legend className="sr-only">Proxy</legend>
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input type="checkbox" name="useProxy" defaultChecked={values ? values.useProxy === "on" : defaults.useProxy} data-testid="input-useProxy" className="h-4 w-4 rounded border-slate-300" />
          Use Proxy
        </label>
        <div className={cn("grid gap-4 sm:grid-cols-2", useProxy ? "" : "hidden")} data-testid="step8-proxy-fields">
          <div className="sm:col-span-2">
            <Field
              id="step8-proxyServer"
              label="Proxy Server"
              name="proxyServer"
              autoComplete="off"
              spellCheck={false}
              placeholder="http://proxy.example.com:3128"
              defaultValue={v("proxyServer")}
              errors={errorsOf("proxyServer")}
              hint="https://host:port, http://host:port or IPAddress:port. No protocol means http:; no port means 80 for http, 443 for https."
            />
            {normalized ? (
              normalized.ok ? (
                <p className="mt-1 text-xs text-slate-700" data-testid="step8-proxy-normalized">
                  Used as <code className="font-mono">{normalized.value}</code>
                </p>
              ) : (
                <p className="mt-1 text-xs text-amber-800" data-testid="step8-proxy-normalized-error">{normalized.message}</p>
              )
            ) : null}
          </div>
          <Field id="step8-proxyUsername" label="Username" name="proxyUsername" autoComplete="off" defaultValue={v("proxyUsername")} errors={errorsOf("proxyUsername")} />
          <div>
            <Field
              id="step8-proxyPassword"
              label="Password"
              name="proxyPassword"
              type="password"
              autoComplete="new-password"
              placeholder={storedSecretPlaceholder({ held: defaults.hasProxyPassword, saved: defaults.saved })}
              errors={errorsOf("proxyPassword")}
            />
            {defaults.hasProxyPassword ? (
              <label className="mt-2 flex items-center gap-2 text-xs text-slate-700">
                <input type="checkbox" name="clearProxyPassword" data-testid="input-clearProxyPassword" className="h-3.5 w-3.5 rounded border-slate-300" />
                Remove the stored password
              </label>
            ) : null}
          </div>
        </div>
      </fieldset>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" data-testid="step8-test" variant="secondary">
          Test connection
        </Button>
        <Button type="submit" formAction={saveAction} data-testid="step8-save" data-state={save.state} variant={save.state === "saved" ? "secondary" : "primary"} disabled={!canSave} aria-describedby={canSave ? undefined : "step8-save-blocked"}>
          {save.state === "saved" ? "✓ Saved" : "Save"}
        </Button>
        {!canSave && blockedReason ? (
          <p id="step8-save-blocked" className="text-sm text-slate-600" data-testid="step8-save-blocked">
            {blockedReason}
          </p>
        ) : null}
      </div>

      {saveState?.ok ? (
        <Notice tone="success" testId="step8-saved" title="Connection saved.">
          Linked to the “{saveState.data.scheduleName}” schedule (every {saveState.data.intervalMinutes} minutes).
          {saveState.data.nextRunAt ? <> Next import due {new Date(saveState.data.nextRunAt).toLocaleString()}.</> : null}
        </Notice>
      ) : null}

      {runId ? <TestResults key={runId} runId={runId} initial={latestRun} onFinished={onFinished} /> : null}
    </form>
  );
}
