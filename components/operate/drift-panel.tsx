"use client";
import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { ActionError } from "@/components/forms/action-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { FindingsList } from "@/components/notify/findings-list";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import type { Finding } from "@/lib/model/types";
import { pinpointDriftAction } from "@/lib/operate/actions";
import { RepairAccountButton, RepairPanel } from "./repair-panel";
import { RunLog } from "./run-log";

export interface DriftPanelProps {
  connectionId: string;
  homeAccountId: string;
  home: Finding[];
  /** Accounts that fail the latest test or have drift (others are fine and not listed). */
  accounts: { accountId: string; failing: boolean; reason: string | null; findings: Finding[]; accessMethod: string }[];
  driftAt: string | null;
}

/**
 * The drift the latest scheduled check found (with only the collector's key), and "Pinpoint with
 * administrator access", which reads the accounts with the administrator's session credentials and
 * replaces ambiguous findings (e.g. "role unreachable") with the precise cause and fix.
 */
export function DriftPanel({ connectionId, homeAccountId, home, accounts, driftAt }: DriftPanelProps) {
  const router = useRouter();
  const [run, runAction] = useActionState(pinpointDriftAction, undefined);
  const nothing = home.length === 0 && accounts.length === 0;
  return (
    <>
      <Card>
        <CardHeader
          title="Drift"
          description="The scheduled check tests the connection with the collector's key only: AWS gives one answer for a deleted role, a changed trust and a changed external ID, and an inline policy the collector may not list is invisible to it. Pinpointing reads the home account and each affected account with your administrator credentials (read-only) and replaces those findings with the exact cause and fix."
        />
        <div className="space-y-4 px-5 py-4" data-testid="drift-findings">
          {nothing ? (
            <Notice tone="success" testId="drift-none" title="No drift and no failing account in the latest check." />
          ) : null}
          {home.length ? (
            <section className="[overflow-wrap:anywhere]" data-testid="drift-home">
              <h3 className="mb-2 text-sm font-medium text-slate-800">Home account {homeAccountId} (collector user, read-roles policy, access key)</h3>
              <FindingsList findings={home} />
            </section>
          ) : null}
          {accounts.map((a) => (
            // overflow-wrap is inherited: ARNs in the reason and in the findings wrap instead of widening a phone's page.
            <section key={a.accountId} className="[overflow-wrap:anywhere]" data-testid={`drift-account-${a.accountId}`}>
              <h3 className="mb-2 flex flex-wrap items-center gap-2 text-sm font-medium text-slate-800">
                <span>
                  Account <span className="font-mono">{a.accountId}</span>
                </span>
                {a.failing ? <Badge tone="red">fails the connection test</Badge> : null}
                {a.accessMethod === "assume" ? (
                  <span className="ml-auto">
                    <RepairAccountButton accountId={a.accountId} />
                  </span>
                ) : null}
              </h3>
              {a.accessMethod !== "assume" ? (
                <p className="mb-2 text-xs text-slate-600" data-testid={`repair-cannot-reach-${a.accountId}`}>
                  Repair cannot reach this account: {a.accessMethod === "manual" ? "it is set up by hand, so the portal does not sign in to it" : "it is reached with its own credentials, which the portal does not keep"}. Apply the fix below in that account, then run the schedule to check.
                </p>
              ) : null}
              {a.failing && a.reason ? <p className="mb-2 text-xs text-red-800">{a.reason}</p> : null}
              {a.findings.length ? <FindingsList findings={a.findings} /> : <p className="text-sm text-slate-500">No drift finding recorded.</p>}
            </section>
          ))}
          {driftAt ? <p className="text-xs text-slate-500">Home findings recorded {new Date(driftAt).toLocaleString()}.</p> : null}
          <form action={runAction}>
            <input type="hidden" name="connectionId" value={connectionId} />
            <SubmitButton variant="secondary" data-testid="drift-pinpoint" pendingText="Starting…">
              Pinpoint with administrator access
            </SubmitButton>
          </form>
          <ActionError state={run} testId="drift-pinpoint-error" />
          <RunLog runId={run?.ok ? run.data.runId : null} testId="drift-pinpoint-run-log" onSettled={() => router.refresh()} />
        </div>
      </Card>
      {/* Always there: it keeps showing its run after the refresh that finds nothing left to repair. */}
      <RepairPanel connectionId={connectionId} />
    </>
  );
}
