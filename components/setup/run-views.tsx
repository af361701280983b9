"use client";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Notice } from "@/components/ui/notice";
import { latestByAccountAndStep } from "@/components/runs/use-run";
import type { RunEventView, RunView } from "@/lib/runs/types";
import type { Finding } from "@/lib/model/types";
import { useSetupRuns } from "./setup-runs";

export const STEP_LABEL: Record<string, string> = {
  "reach-account": "Sign in (1)",
  "inventory-policy": "Inventory policy (2)",
  role: "Role (4)",
  "verify-role": "Role can be assumed (4)",
  "read-roles-policy": "Read-roles policy (3)",
  "collector-user": "Collector user (6)",
};

const HOME_STEPS = ["read-roles-policy", "collector-user"];
const TARGET_STEPS = ["reach-account", "inventory-policy", "role", "verify-role"];

const STATUS_TONE: Record<string, "slate" | "blue" | "green" | "amber" | "red"> = {
  waiting: "slate",
  running: "blue",
  propagating: "amber",
  done: "green",
  failed: "red",
  skipped: "slate",
};

function detailOf(e: RunEventView): { cause?: string; fix?: string; found?: string[] } {
  const d = e.details;
  if (!d || typeof d !== "object" || Array.isArray(d)) return {};
  const cause = typeof d.cause === "string" ? d.cause : undefined;
  const fix = typeof d.fix === "string" ? d.fix : undefined;
  const found = Array.isArray(d.found) ? d.found.filter((x): x is string => typeof x === "string") : undefined;
  return { cause, fix, found };
}

export function StepEvent({ e, testId }: { e: RunEventView; testId?: string }) {
  const d = detailOf(e);
  return (
    <div className="min-w-0" data-testid={testId} data-status={e.status}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={STATUS_TONE[e.status] ?? "slate"}>{e.outcome && e.status === "done" ? e.outcome : e.status}</Badge>
        <span className="break-all text-xs text-slate-700">{e.status === "failed" && d.cause ? (e.message.split(". ")[0] ?? e.message) : e.message}</span>
      </div>
      {e.status === "failed" && d.cause ? (
        <div className="mt-1 rounded-md bg-red-50 px-2 py-1 text-xs text-red-800" data-testid={testId ? `${testId}-cause` : undefined}>
          <p>
            <span className="font-semibold">Cause: </span>
            {d.cause}
          </p>
          {d.fix ? (
            <p>
              <span className="font-semibold">Fix: </span>
              {d.fix}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function ProgressBar({ run, label }: { run: RunView; label: string }) {
  const done = run.completed + run.failed;
  const pct = run.total > 0 ? Math.round((done / run.total) * 100) : 0;
  return (
    <div data-testid="run-progress" data-status={run.status}>
      <div className="flex items-center justify-between text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        <span className="text-slate-600" data-testid="run-progress-count">
          {done} of {run.total} accounts{run.failed ? `, ${run.failed} failed` : ""}
        </span>
      </div>
      <div className="mt-1 h-2.5 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={done} aria-label={label}>
        <div className={cn("h-full rounded-full transition-all", run.failed ? "bg-amber-500" : "bg-brand-600")} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** Live per-account, per-step status of the latest rollout. */
export function RolloutStatus({ homeAccountId }: { homeAccountId: string | undefined }) {
  const { rollout } = useSetupRuns();
  const run = rollout.run;
  if (!run) return null;
  const byAccount = latestByAccountAndStep(rollout.events);
  const accounts = [...byAccount.keys()].filter((a) => a !== "");
  const ordered = [...accounts].sort((a, b) => (a === homeAccountId ? -1 : b === homeAccountId ? 1 : a.localeCompare(b)));
  const result = run.result && typeof run.result === "object" && !Array.isArray(run.result) ? run.result : null;
  const active = run.status === "running" || run.status === "queued";
  return (
    <div className="space-y-3" data-testid="rollout-status" data-run-status={run.status}>
      <ProgressBar run={run} label={active ? "Rolling out…" : "Rollout"} />
      {rollout.pollError ? <Notice tone="warning">{rollout.pollError}</Notice> : null}
      {!active && result && typeof result.summary === "string" ? (
        <Notice tone={run.status === "succeeded" ? "success" : "warning"} testId="rollout-summary" title={result.summary}>
          {run.error ?? (result.nothingChanged ? "Running it again is safe: it checks and changes nothing." : undefined)}
        </Notice>
      ) : null}
      {!active && !result && run.error ? <Notice tone="error" testId="rollout-error">{run.error}</Notice> : null}
      <ul className="space-y-2">
        {ordered.map((accountId) => {
          const steps = byAccount.get(accountId)!;
          const keys = [...(accountId === homeAccountId ? HOME_STEPS : []), ...TARGET_STEPS].filter((s) => steps.has(s));
          return (
            <li key={accountId} className="rounded-lg p-3 ring-1 ring-slate-200" data-testid={`rollout-account-${accountId}`}>
              <p className="font-mono text-sm font-medium text-slate-900">
                {accountId}
                {accountId === homeAccountId ? <span className="ml-2 font-sans text-xs font-normal text-slate-500">home account</span> : null}
              </p>
              <dl className="mt-2 grid gap-2 sm:grid-cols-2">
                {keys.map((s) => (
                  <div key={s} className="min-w-0">
                    <dt className="text-xs font-medium text-slate-500">{STEP_LABEL[s] ?? s}</dt>
                    <dd>
                      <StepEvent e={steps.get(s)!} testId={`rollout-${accountId}-${s}`} />
                    </dd>
                  </div>
                ))}
              </dl>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** What the latest rollout did for one step, per account (shown in the cards of steps 2, 3, 4 and 6). */
export function StepResults({ step, title }: { step: string; title: string }) {
  const { rollout } = useSetupRuns();
  const events = [...latestByAccountAndStep(rollout.events).entries()].flatMap(([accountId, steps]) => (steps.get(step) ? [[accountId, steps.get(step)!] as const] : []));
  if (events.length === 0) return null;
  return (
    <div data-testid={`step-results-${step}`}>
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      <ul className="mt-2 divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200">
        {events.map(([accountId, e]) => (
          <li key={accountId} className="flex flex-col gap-1 px-3 py-2 sm:flex-row sm:gap-3">
            <span className="w-32 shrink-0 font-mono text-xs text-slate-700">{accountId}</span>
            <StepEvent e={e} />
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FindingList({ findings, testId }: { findings: Finding[]; testId?: string }) {
  if (findings.length === 0) return null;
  return (
    <ul className="space-y-2" data-testid={testId}>
      {findings.map((f, i) => (
        <li key={`${f.rule}-${f.accountId ?? ""}-${i}`} className="rounded-lg p-3 text-sm ring-1 ring-slate-200" data-testid={`finding-${f.rule}`}>
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={f.severity === "error" ? "red" : f.severity === "warning" ? "amber" : "slate"}>{f.severity}</Badge>
            <span className="text-xs font-medium text-slate-600">Step {f.step}</span>
            {f.accountId ? <span className="font-mono text-xs text-slate-600">{f.accountId}</span> : null}
          </div>
          <p className="mt-1 text-slate-800">
            <span className="font-semibold">Cause: </span>
            {f.message}
          </p>
          <p className="mt-0.5 text-slate-700">
            <span className="font-semibold">Fix: </span>
            {f.fix}
          </p>
        </li>
      ))}
    </ul>
  );
}
