"use client";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Notice } from "@/components/ui/notice";
import { latestByAccountAndStep } from "@/components/runs/use-run";
import { isActive, type RunEventView, type RunView } from "@/lib/runs/types";
import type { Finding } from "@/lib/model/types";
import { isByHand, progressLine } from "@/lib/setup/rollout-accounts";
import { rolloutStepDetails, rolloutView } from "@/lib/setup/rollout-view";
import type { TargetView } from "@/lib/connections/types";
import { rolloutStepLabel, rolloutStepsOf, type RolloutStepId } from "@/lib/aws/rollout/types";
import { useSetupRuns } from "./setup-runs";
import { statusTone } from "./status-tone";
import { CauseAndFix } from "@/components/ui/cause-and-fix";

const HOME_STEPS: string[] = rolloutStepsOf("home");
const TARGET_STEPS: string[] = rolloutStepsOf("target");

export function StepEvent({ e, testId }: { e: RunEventView; testId?: string }) {
  const d = rolloutStepDetails(e.details);
  return (
    <div className="min-w-0" data-testid={testId} data-status={e.status}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={statusTone(e.status)}>{e.outcome && e.status === "done" ? e.outcome : e.status}</Badge>
        <span className="[overflow-wrap:anywhere] text-xs text-slate-700">{e.status === "failed" && d.cause ? (e.message.split(". ")[0] ?? e.message) : e.message}</span>
      </div>
      {e.status === "failed" && d.cause ? (
        <div className="mt-1 rounded-md bg-red-50 px-2 py-1 text-xs text-red-800" data-testid={testId ? `${testId}-cause` : undefined}>
          <CauseAndFix cause={d.cause} fix={d.fix} />
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
        {/* Announced as it changes (role="status" is a polite live region): progress and the end of the run. */}
        <span className="text-slate-600" data-testid="run-progress-count" role="status">
          {done} of {run.total} accounts{run.failed ? `, ${run.failed} failed` : ""}
        </span>
      </div>
      <div className="mt-1 h-2.5 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={done} aria-label={label}>
        <div className={cn("h-full rounded-full transition-all", run.failed ? "bg-amber-500" : "bg-brand-600")} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** A progress bar over counts that are not one run's own (e.g. every account, merged over runs). */
function CountsBar({ done, failed, total, label, text, status }: { done: number; failed: number; total: number; label: string; text: string; status: string }) {
  const pct = total > 0 ? Math.round(((done + failed) / total) * 100) : 0;
  return (
    <div data-testid="run-progress" data-status={status}>
      <div className="flex flex-col gap-0.5 text-sm sm:flex-row sm:items-center sm:justify-between">
        <span className="font-medium text-slate-800">{label}</span>
        {/* Announced as it changes (role="status" is a polite live region): progress and the end of the run. */}
        <span className="text-slate-600" data-testid="run-progress-count" role="status">
          {text}
        </span>
      </div>
      <div className="mt-1 h-2.5 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label={label}>
        <div className={cn("h-full rounded-full transition-all", failed ? "bg-amber-500" : "bg-brand-600")} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

const SOURCE_BADGE: Record<string, { tone: "slate" | "green" | "amber" | "red"; text: string }> = {
  "earlier:done": { tone: "green", text: "done in the previous run" },
  "earlier:failed": { tone: "red", text: "failed in an earlier run" },
  "earlier:pending": { tone: "slate", text: "not set up yet" },
  "by-hand:done": { tone: "green", text: "set up by you: verified" },
  "by-hand:failed": { tone: "red", text: "set up by you: Verify failed" },
  "by-hand:pending": { tone: "amber", text: "set up by you: waiting for Verify" },
};

/**
 * Live per-account, per-step status of the latest rollout, merged with every other account of the
 * connection: a retry runs only the accounts not done yet, and accounts set up by hand are checked by
 * their own Verify, so the latest run alone does not describe the connection.
 */
export function RolloutStatus({ homeAccountId, targets }: { homeAccountId: string | undefined; targets?: TargetView[] }) {
  const { rollout } = useSetupRuns();
  const run = rollout.run;
  if (!run) return null;
  const byAccount = latestByAccountAndStep(rollout.events);
  const active = isActive(run.status);
  const { merged, outside, runTargets, needsMerge, summary, hasResult, nothingChanged } = rolloutView({ latest: byAccount, homeAccountId, targets, active, result: run.result });
  const source = new Map((merged?.accounts ?? []).filter((a) => a.kind === "target").map((a) => [a.accountId, a]));

  const accounts = [...byAccount.keys()].filter((a) => a !== "");
  const ordered = [...accounts].sort((a, b) => (a === homeAccountId ? -1 : b === homeAccountId ? 1 : a.localeCompare(b)));
  return (
    <div className="space-y-3" id="rollout-status" data-testid="rollout-status" data-run-status={run.status}>
      {needsMerge && merged ? (
        <CountsBar
          status={run.status}
          done={merged.counts.portal.done + merged.counts.byHand.verified}
          failed={merged.counts.portal.failed + merged.counts.byHand.failed}
          total={merged.counts.portal.total + merged.counts.byHand.total}
          label={active ? (outside.length ? "Retrying the accounts not done yet…" : "Rolling out…") : "Rollout"}
          text={progressLine(merged.counts)}
        />
      ) : (
        <ProgressBar run={run} label={active ? "Rolling out…" : "Rollout"} />
      )}
      {outside.length > 0 ? (
        <p className="text-xs text-slate-600" data-testid="rollout-retry-note">
          This run {active ? "processes" : "processed"} the home account and {runTargets} target account(s); the other {outside.length} keep their status from an earlier run.
        </p>
      ) : null}
      {rollout.pollError ? <Notice tone="warning">{rollout.pollError}</Notice> : null}
      {summary !== null ? (
        <Notice tone={run.status === "succeeded" ? "success" : "warning"} testId="rollout-summary" title={summary}>
          {run.error ?? (nothingChanged ? "Running it again is safe: it checks and changes nothing." : undefined)}
        </Notice>
      ) : null}
      {!active && !hasResult && run.error ? <Notice tone="error" testId="rollout-error">{run.error}</Notice> : null}
      <ul className="space-y-2">
        {ordered.map((accountId) => {
          const steps = byAccount.get(accountId)!;
          const keys = [...(accountId === homeAccountId ? HOME_STEPS : []), ...TARGET_STEPS].filter((s) => steps.has(s));
          const m = source.get(accountId);
          const badge = m && m.source === "by-hand" ? SOURCE_BADGE[`by-hand:${m.status}`] : undefined;
          // An account set up by hand skips every target step for one reason: say it once, not four times.
          const targetKeys = keys.filter((s) => TARGET_STEPS.includes(s));
          const firstTarget = targetKeys[0] ? steps.get(targetKeys[0]) : undefined;
          const allSkipped = firstTarget !== undefined && targetKeys.length > 1 && targetKeys.every((s) => steps.get(s)!.status === "skipped" && steps.get(s)!.message === firstTarget.message);
          const shownKeys = allSkipped ? keys.filter((s) => !targetKeys.includes(s)) : keys;
          return (
            <li key={accountId} className="rounded-lg p-3 ring-1 ring-slate-200" data-testid={`rollout-account-${accountId}`} data-source={m?.source ?? "run"}>
              <p className="flex flex-wrap items-center gap-2 font-mono text-sm font-medium text-slate-900">
                {accountId}
                {accountId === homeAccountId ? <span className="font-sans text-xs font-normal text-slate-500">home account</span> : null}
                {badge ? (
                  <span className="font-sans">
                    <Badge tone={badge.tone} testId={`rollout-account-${accountId}-badge`}>
                      {badge.text}
                    </Badge>
                  </span>
                ) : null}
              </p>
              {allSkipped && firstTarget ? (
                <div className="mt-2 min-w-0" data-testid={`rollout-${accountId}-skipped`}>
                  <p className="text-xs font-medium text-slate-500">{targetKeys.map((s) => rolloutStepLabel(s)).join(" · ")}</p>
                  <StepEvent e={firstTarget} testId={`rollout-${accountId}-skipped-event`} />
                </div>
              ) : null}
              {shownKeys.length ? (
                <dl className="mt-2 grid gap-2 sm:grid-cols-2">
                  {shownKeys.map((s) => (
                    <div key={s} className="min-w-0">
                      <dt className="text-xs font-medium text-slate-500">{rolloutStepLabel(s)}</dt>
                      <dd>
                        <StepEvent e={steps.get(s)!} testId={`rollout-${accountId}-${s}`} />
                      </dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </li>
          );
        })}
        {outside.map((a) => {
          const badge = SOURCE_BADGE[`earlier:${a.status}`]!;
          return (
            <li key={a.accountId} className="flex flex-wrap items-center gap-2 rounded-lg p-3 ring-1 ring-slate-200" data-testid={`rollout-account-${a.accountId}`} data-source="earlier" data-status={a.status}>
              <span className="font-mono text-sm font-medium text-slate-900">{a.accountId}</span>
              <Badge tone={badge.tone} testId={`rollout-account-${a.accountId}-badge`}>
                {badge.text}
              </Badge>
              {a.error ? <span className="w-full text-xs text-red-700 [overflow-wrap:anywhere]">{a.error}</span> : <span className="text-xs text-slate-500">not part of this run</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/**
 * What the latest rollout did for one step, per account (shown in the cards of steps 2, 3, 4 and 6).
 * With `targets` (target steps), the accounts the latest run left out are listed too, with the status an
 * earlier run or their own Verify gave them: a retry runs only the accounts not done yet.
 */
export function StepResults({ step, title, targets }: { step: RolloutStepId; title: string; targets?: TargetView[] }) {
  const { rollout } = useSetupRuns();
  const events = [...latestByAccountAndStep(rollout.events).entries()].flatMap(([accountId, steps]) => (steps.get(step) ? [[accountId, steps.get(step)!] as const] : []));
  if (events.length === 0) return null;
  const inRun = new Set(events.map(([accountId]) => accountId));
  const others = (targets ?? []).filter((t) => !inRun.has(t.accountId));
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
        {others.map((t) => {
          const badge = SOURCE_BADGE[`${isByHand(t.accessMethod) ? "by-hand" : "earlier"}:${t.setupStatus}`]!;
          return (
            <li key={t.accountId} className="flex flex-col gap-1 px-3 py-2 sm:flex-row sm:gap-3" data-testid={`step-results-${step}-${t.accountId}`}>
              <span className="w-32 shrink-0 font-mono text-xs text-slate-700">{t.accountId}</span>
              <span>
                <Badge tone={badge.tone}>{badge.text}</Badge>
              </span>
            </li>
          );
        })}
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
