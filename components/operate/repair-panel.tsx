"use client";
import { useRouter } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { planDriftRepairAction, startDriftRepairAction } from "@/lib/operate/actions";
import type { RepairPlan } from "@/lib/drift/repair-drift";
import { PlanPanel, PlannedAccounts } from "./plan-panel";
import { stepRef } from "@/lib/setup/steps";

export const REPAIR_PLAN_FORM_ID = "repair-plan-form";

/**
 * "Repair" from a drift finding: submits the repair plan form below with this account as its scope
 * (a submit button may belong to a form elsewhere on the page; its name/value travel with it).
 */
export function RepairAccountButton({ accountId }: { accountId: string }) {
  return (
    <button type="submit" form={REPAIR_PLAN_FORM_ID} name="accountIds" value={accountId} className={buttonClass("secondary", "sm")} data-testid={`repair-account-${accountId}`}>
      Repair
    </button>
  );
}

/**
 * Repair drift: the rollout for the affected accounts only (the home account always), planned first so
 * the administrator sees exactly what will be created or updated — and, plainly, what Repair leaves
 * alone — then run live, then the beacon's connection test with the collector's key.
 */
export function RepairPanel({ connectionId }: { connectionId: string }) {
  const router = useRouter();
  return (
    <PlanPanel<RepairPlan>
      title="Repair drift"
      description={`Puts back what the procedure needs in the home account and in the affected accounts (the same rollout as ${stepRef("accounts")}, for those accounts only) with your administrator credentials, then tests the connection as the beacon. Use Repair on one account above, or plan all affected accounts here.`}
      connectionId={connectionId}
      testIdPrefix="repair"
      planFormId={REPAIR_PLAN_FORM_ID}
      planAction={planDriftRepairAction}
      runAction={startDriftRepairAction}
      planForm={{ button: { label: "Plan repair of all affected accounts", pendingText: "Planning…" } }}
      onSettled={() => router.refresh()}
      renderPlan={(plan) => (
        <div className="space-y-2" data-testid="repair-plan-detail">
          <ul className="list-disc pl-5">
            <PlannedAccounts
              accounts={plan.accounts}
              label={(a) => (a.kind === "home" ? `Home ${a.accountId}` : `Account ${a.accountId}`)}
              noChange="nothing to create or update"
              unreadable="; the run tries again"
              testId={(a) => `repair-plan-account-${a.accountId}`}
            />
            {plan.unreachable.map((u) => (
              <li key={u.accountId} data-testid={`repair-unreachable-${u.accountId}`}>
                Account {u.accountId}: Repair cannot reach it ({u.reason})
              </li>
            ))}
          </ul>
          {plan.notChanged.length ? (
            <div className="rounded-md bg-amber-50 p-2 ring-1 ring-inset ring-amber-200" data-testid="repair-not-changed">
              <p className="font-medium text-amber-900">Not changed by Repair (the rollout never removes what someone added):</p>
              <ul className="mt-1 list-disc space-y-1 pl-5 text-amber-900">
                {plan.notChanged.map((n, i) => (
                  <li key={i}>
                    {n.accountId}: {n.what}
                    <span className="block text-xs">
                      By hand: <code className="font-mono">{n.byHand}</code>
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {plan.notes.map((n) => (
            <p key={n} className="text-xs text-slate-600">
              {n}
            </p>
          ))}
        </div>
      )}
      runForm={(plan) => ({
        button: { label: plan.repair.length ? `Repair ${plan.repair.length === 1 ? `account ${plan.repair[0]}` : `${plan.repair.length} accounts`}` : "Repair the home account", pendingText: "Starting…" },
        fields: <input type="hidden" name="accountIds" value={[...plan.repair, ...plan.unreachable.map((u) => u.accountId)].join("\n")} />,
      })}
    />
  );
}
