"use client";
import { cn } from "@/components/ui/cn";
import { useState } from "react";
import { planAccountsChangeAction, startAccountsChangeAction } from "@/lib/operate/actions";
import { PlanPanel, PlannedAccounts } from "./plan-panel";
import { inputClass } from "@/components/forms/field";
import type { ManageProps } from "./manage-props";

export function AccountsPanel({ connectionId, targetAccountIds }: Pick<ManageProps, "connectionId" | "targetAccountIds">) {
  const [form, setForm] = useState({ add: "", remove: "", deleteRemovedResources: false });
  return (
    <PlanPanel
      title="Target accounts"
      description={`${targetAccountIds.length} account(s): ${targetAccountIds.join(", ")}. Plan first; the connection changes only after the connection test passes.`}
      connectionId={connectionId}
      testIdPrefix="accounts"
      planAction={planAccountsChangeAction}
      runAction={startAccountsChangeAction}
      planForm={{
        className: "grid gap-3 sm:grid-cols-2",
        button: { label: "Plan", pendingText: "Planning…" },
        fields: (
          <>
            <label className="text-sm">
              Accounts to add (12 digits, one per line)
              <textarea name="add" rows={2} className={cn("mt-1", inputClass)} value={form.add} onChange={(e) => setForm({ ...form, add: e.target.value })} data-testid="accounts-add" />
            </label>
            <label className="text-sm">
              Accounts to remove
              <textarea name="remove" rows={2} className={cn("mt-1", inputClass)} value={form.remove} onChange={(e) => setForm({ ...form, remove: e.target.value })} data-testid="accounts-remove" />
            </label>
            <label className="flex items-center gap-2 text-sm sm:col-span-2">
              <input type="checkbox" name="deleteRemovedResources" checked={form.deleteRemovedResources} onChange={(e) => setForm({ ...form, deleteRemovedResources: e.target.checked })} data-testid="accounts-delete-resources" />
              Also delete the role and inventory policy in removed accounts
            </label>
          </>
        ),
      }}
      renderPlan={(plan) => (
        <>
          <ul className="list-disc pl-5">
            <PlannedAccounts accounts={plan.accounts} label={(a) => (a.kind === "home" ? `Home ${a.accountId}` : `Add ${a.accountId}`)} noChange="no change" />
            {plan.remove.map((id) => (
              <li key={id}>Remove {id}{plan.deleteRemovedResources ? ": delete its role and inventory policy" : " (its role and policy stay)"}</li>
            ))}
          </ul>
          {plan.notes.map((n) => (
            <p key={n} className="mt-1 text-xs text-slate-600">{n}</p>
          ))}
        </>
      )}
      runForm={(plan) => ({
        button: { label: "Run this change", pendingText: "Starting…" },
        fields: (
          <>
            <input type="hidden" name="add" value={plan.add.join("\n")} />
            <input type="hidden" name="remove" value={plan.remove.join("\n")} />
            {plan.deleteRemovedResources ? <input type="hidden" name="deleteRemovedResources" value="on" /> : null}
          </>
        ),
      })}
    />
  );
}
