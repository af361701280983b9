"use client";
import { cn } from "@/components/ui/cn";
import { useActionState } from "react";
import { ActionError, fieldErrors } from "@/components/forms/action-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Notice } from "@/components/ui/notice";
import { deleteOldKeyAction, planKeyRotationAction, startKeyRotationAction } from "@/lib/operate/actions";
import { PlanPanel } from "./plan-panel";
import { Field, inputClass } from "@/components/forms/field";
import type { ManageProps } from "./manage-props";

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
            <select name="retireKeyId" className={cn("mt-1", inputClass)} data-testid="rotate-retire-key">
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
        <Field className="sm:col-span-2" label="Old (inactive) key to delete" name="accessKeyId" errors={fieldErrors(del, "accessKeyId")} autoComplete="off" spellCheck={false} data-testid="delete-old-key-id" />
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
