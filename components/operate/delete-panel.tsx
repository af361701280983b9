"use client";
import { cn } from "@/components/ui/cn";
import { useState } from "react";
import { deleteConnectionAction, planConnectionDeleteAction } from "@/lib/operate/actions";
import { PlanPanel } from "./plan-panel";
import { inputClass } from "@/components/forms/field";
import type { ManageProps } from "./manage-props";

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
              <input name="confirmName" className={cn("mt-1", inputClass)} data-testid="delete-confirm-name" />
            </label>
          </>
        ),
      })}
    />
  );
}
