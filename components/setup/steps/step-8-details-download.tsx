"use client";
import { useActionState, useEffect, useRef, useState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { Field, SelectField } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { buttonClass } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";
import { grantDetailsSecretsAction } from "@/lib/setup/actions/step-8-connection";

const FORMATS = [
  { value: "json", label: "JSON (documented format)" },
  { value: "text", label: "Text (human-readable)" },
  { value: "html", label: "Printable page" },
];

/**
 * "Download the beacon connection details": without secrets for anyone who may see the connection;
 * with the secret access key and proxy password only after an administrator re-enters their password
 * (a one-time grant valid for a minute). Every download is audited on the server.
 */
export function Step8DetailsDownload({ connectionId, isAdmin }: { connectionId: string; isAdmin: boolean }) {
  const base = `/api/connections/${encodeURIComponent(connectionId)}/details`;
  const post = useRef<HTMLFormElement>(null);
  const [format, setFormat] = useState("json");
  const [state, grantAction] = useActionState(
    (prev: ActionResult<{ grant: string; expiresAt: string }> | undefined, data: FormData) => grantDetailsSecretsAction(prev, data),
    undefined,
  );
  const grant = state?.ok ? state.data.grant : null;
  useEffect(() => {
    // The grant is single-use: hand it straight to the download request.
    if (grant && post.current) post.current.requestSubmit();
  }, [grant]);
  return (
    <section className="space-y-3 border-t border-slate-100 pt-4" data-testid="details-download">
      <div>
        <h3 className="text-sm font-semibold text-slate-900">Beacon connection details</h3>
        <p className="mt-1 text-sm text-slate-600">Every field of the beacon&apos;s connection dialog, its proxy settings and the schedule, to type into FlexNet Beacon. Secrets are left out.</p>
      </div>
      <div className="flex flex-wrap gap-2">
        <a className={buttonClass("secondary", "sm")} href={`${base}?format=json`} download data-testid="details-json">
          Download JSON
        </a>
        <a className={buttonClass("secondary", "sm")} href={`${base}?format=text`} download data-testid="details-text">
          Download text
        </a>
        <a className={buttonClass("secondary", "sm")} href={`${base}?format=html`} target="_blank" rel="noopener" data-testid="details-print">
          Printable page
        </a>
      </div>
      {isAdmin ? (
        <form action={grantAction} className="space-y-3 rounded-lg bg-amber-50 p-3 ring-1 ring-inset ring-amber-200" data-testid="details-secrets-form" noValidate>
          <input type="hidden" name="connectionId" value={connectionId} />
          <p className="text-sm text-amber-900">To include the secret access key and the proxy password, re-enter your password. The download is recorded in the audit trail.</p>
          <ActionError state={state} testId="details-secrets-error" />
          <div className="grid gap-3 sm:grid-cols-[1fr_14rem_auto] sm:items-end">
            <Field id="details-password" label="Your password" name="password" type="password" autoComplete="current-password" errors={fieldErrors(state, "password")} />
            <SelectField id="details-format" label="Format" name="format" options={FORMATS} value={format} onChange={(e) => setFormat(e.currentTarget.value)} />
            <SubmitButton size="sm" data-testid="details-secrets-submit" pendingText="Checking…">
              Download with secrets
            </SubmitButton>
          </div>
        </form>
      ) : null}
      {/* A plain form POST: the browser saves the response as a file (or opens the printable page). */}
      {isAdmin ? (
        <form ref={post} method="post" action={base} target={format === "html" ? "_blank" : undefined} className="hidden" aria-hidden="true">
          <input type="hidden" name="grant" value={grant ?? ""} />
          <input type="hidden" name="format" value={format} />
        </form>
      ) : null}
    </section>
  );
}
