"use client";
import { useEffect, useRef } from "react";
import { Badge } from "@/components/ui/badge";
import { latestByAccountAndStep, useRun } from "@/components/runs/use-run";
import { asConnectionTestSummary, connectionTestEventDetails, countText, type CheckFailure, type InventoryCounts } from "@/lib/connections/test-summary";
import { isActive, type RunView } from "@/lib/runs/types";
import { statusTone } from "../status-tone";

function Failures({ failures, testId }: { failures: CheckFailure[]; testId: string }) {
  if (!failures.length) return null;
  // The first few are what matters; a wrong external ID fails every region the same way.
  const shown = failures.filter((f, i, all) => all.findIndex((g) => g.cause === f.cause) === i).slice(0, 4);
  return (
    <ul className="mt-2 space-y-2" data-testid={testId}>
      {shown.map((f, i) => (
        <li key={i} className="rounded-md bg-red-50 px-3 py-2 text-sm ring-1 ring-inset ring-red-200 [overflow-wrap:anywhere]">
          <p className="font-medium text-red-900">
            <code className="text-xs">{f.check}</code>
            {f.region ? <span className="text-xs text-red-700"> · {f.region}</span> : null}
            {f.procedureStep ? <span className="text-xs text-red-700"> · procedure step {f.procedureStep}</span> : null}
          </p>
          {f.cause ? (
            <p className="mt-1 text-red-800" data-testid="test-cause">
              <span className="font-medium">Cause: </span>
              {f.cause}
            </p>
          ) : null}
          {f.fix ? (
            <p className="mt-1 text-red-800" data-testid="test-fix">
              <span className="font-medium">Fix: </span>
              {f.fix}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function Inventory({ inv }: { inv: InventoryCounts }) {
  return (
    <p className="mt-1 text-xs text-slate-600" data-testid="test-inventory">
      The beacon will see {countText(inv.instances)} instance(s), {countText(inv.hosts)} dedicated host(s), {countText(inv.reservedInstances)} reserved instance(s), {countText(inv.oracleRds)} Oracle RDS instance(s)
      {inv.byRegion.length ? ` in ${inv.byRegion.length} region(s)` : ""}.
    </p>
  );
}

/** The connection test's live status: the collector user, then one row per account, with cause and fix. */
export function TestResults({ runId, initial, onFinished }: { runId: string; initial: RunView | null; onFinished?: (run: RunView) => void }) {
  const { run, events, pollError } = useRun(runId, initial && initial.id === runId ? initial : null);
  const reported = useRef<string | null>(null);
  useEffect(() => {
    if (run && !isActive(run.status) && reported.current !== run.id && (!initial || initial.id !== run.id || isActive(initial.status))) {
      reported.current = run.id;
      onFinished?.(run);
    }
  }, [run, initial, onFinished]);
  if (!run) return <p className="text-sm text-slate-500" data-testid="test-loading">Loading the test…</p>;
  const summary = asConnectionTestSummary(run.result);
  const latest = latestByAccountAndStep(events);
  const user = latest.get("")?.get("user");
  const accountIds = [...latest.keys()].filter((k) => k !== "").sort();
  const finished = run.completed + run.failed;
  const active = isActive(run.status);
  const headline = active
    ? "Testing the connection…"
    : run.status === "succeeded"
      ? "Test connection succeeded"
      : run.status === "interrupted"
        ? "The test was interrupted"
        : "Test connection failed";
  return (
    <section className="space-y-3" data-testid="test-result" data-status={run.status} data-run-id={run.id} aria-live="polite">
      <div className="flex flex-wrap items-center gap-3">
        <Badge tone={active ? "blue" : run.status === "succeeded" ? "green" : "red"} testId="test-headline">
          {headline}
        </Badge>
        {summary?.viaProxy ? <span className="text-xs text-slate-600" data-testid="test-via-proxy">through the proxy {summary.viaProxy}</span> : null}
        {run.total > 0 ? (
          <span className="text-xs text-slate-600">
            {finished} of {run.total} account(s) tested
          </span>
        ) : null}
      </div>
      {run.total > 0 ? (
        <div className="h-2 w-full overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label="Accounts tested" aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={finished} data-testid="test-progress">
          <div className="h-full bg-brand-500 transition-all" style={{ width: `${Math.round((finished / run.total) * 100)}%` }} />
        </div>
      ) : null}
      {run.error && !active ? <p className="text-sm text-red-800" data-testid="test-error">{run.error}</p> : null}
      {pollError ? <p className="text-sm text-amber-800">{pollError}</p> : null}
      {user ? (
        <div className="rounded-lg px-3 py-2 ring-1 ring-slate-200" data-testid="test-user" data-status={user.status}>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Badge tone={statusTone(user.status)}>{user.status}</Badge>
            <span className="font-medium text-slate-900">Collector user</span>
            <span className="min-w-0 text-slate-700 [overflow-wrap:anywhere]">{user.message}</span>
          </div>
          <Failures failures={connectionTestEventDetails(user.details).failures} testId="test-user-failures" />
        </div>
      ) : null}
      <ul className="space-y-2" data-testid="test-accounts">
        {accountIds.map((accountId) => {
          const e = latest.get(accountId)?.get("account");
          if (!e) return null;
          const inv = connectionTestEventDetails(e.details).inventory;
          return (
            <li key={accountId} className="rounded-lg px-3 py-2 ring-1 ring-slate-200" data-testid={`test-account-${accountId}`} data-status={e.status}>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <Badge tone={statusTone(e.status)}>{e.status === "done" ? "passed" : e.status}</Badge>
                <span className="font-mono text-slate-900">{accountId}</span>
                <span className="min-w-0 text-slate-700 [overflow-wrap:anywhere]">{e.message}</span>
              </div>
              {e.arn ? <p className="mt-1 [overflow-wrap:anywhere] font-mono text-xs text-slate-500">{e.arn}</p> : null}
              {inv && e.status === "done" ? <Inventory inv={inv} /> : null}
              <Failures failures={connectionTestEventDetails(e.details).failures} testId={`test-failures-${accountId}`} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
