import "server-only";
import type { StaticCredentials } from "@/lib/aws/clients";
import { runRollout, type RolloutEvent } from "@/lib/aws/rollout";
import { rolloutStepsOf } from "@/lib/aws/rollout/types";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import type { AccessModel } from "@/lib/model/types";
import { startRun } from "@/lib/runs";
import { accountAccessFor, clientsFor } from "@/lib/connections/aws-access";
import { modelFingerprint } from "./model-fingerprint";
import { SETUP_RUN_KINDS } from "./run-kinds";
import { updateProgress } from "@/lib/connections/repository";
import { isByHand, isHomeStep, mergedSummary, mergeRolloutAccounts, retryScope, setupStatusAfterRun, type RunAccountStatus } from "./rollout-accounts";
import type { TargetView } from "@/lib/connections/types";

const TERMINAL = new Set(["done", "failed", "skipped"]);

/**
 * Steps 2–6 (all but the access key) as a run: the home account's read-roles policy and collector
 * user, and in every target account the inventory policy and role, with live per-account, per-step
 * events and a progress bar over accounts. Idempotent: a second run changes nothing and says so, a
 * run after a partial failure finishes the rest. The credentials live in this closure only.
 *
 * Accounts set up by hand are never signed in to (their steps are skipped; their status is their own
 * Verify, so this run leaves their rows alone). With `retryOf`, only the home account and the targets
 * not done yet run (`only`); the others keep the status an earlier run gave them, and the summary
 * counts every account.
 */
export async function startRollout(input: {
  connectionId: string;
  userId: string;
  model: AccessModel;
  targets: TargetView[];
  home: StaticCredentials;
  perAccount: Record<string, StaticCredentials>;
  retryOf?: string;
}): Promise<{ runId: string }> {
  const access = accountAccessFor(input.targets, input.perAccount);
  const byHand = new Set(input.targets.filter((t) => isByHand(t.accessMethod)).map((t) => t.accountId));
  const only = input.retryOf ? retryScope(input.targets) : undefined;
  const inScope = [...new Set(only ?? input.model.targetAccountIds)].filter((id) => !byHand.has(id));
  // The progress bar counts the accounts this run sets up: the home account and its targets in scope.
  const total = inScope.length + 1;
  const started = await startRun({ kind: SETUP_RUN_KINDS.rollout, connectionId: input.connectionId, createdById: input.userId, total }, async (ctx) => {
    const home = clientsFor(input.home);
    const steps = new Map<string, Map<string, string>>();
    const finished = new Map<string, "done" | "failed">();
    const onEvent = (e: RolloutEvent) => {
      ctx.emit({
        accountId: e.accountId,
        step: e.step,
        status: e.status,
        message: e.message,
        ...(e.outcome ? { outcome: e.outcome } : {}),
        ...(e.arn ? { arn: e.arn } : {}),
        ...(e.error ? { details: { code: e.error.code, awsCode: e.error.awsCode, action: e.error.action ?? null, cause: e.error.cause, fix: e.error.fix } } : e.details ? { details: { found: e.details } } : {}),
      });
      const kind = isHomeStep(e.step) ? "home" : "target";
      if (kind === "target" && byHand.has(e.accountId)) return;
      const key = `${kind}:${e.accountId}`;
      let m = steps.get(key);
      if (!m) steps.set(key, (m = new Map()));
      m.set(e.step, e.status);
      if (!finished.has(key) && m.size === rolloutStepsOf(kind).length && [...m.values()].every((s) => TERMINAL.has(s))) {
        finished.set(key, [...m.values()].includes("failed") ? "failed" : "done");
        const values = [...finished.values()];
        ctx.progress({ completed: values.filter((v) => v === "done").length, failed: values.filter((v) => v === "failed").length, total });
      }
    };
    try {
      const result = await runRollout(input.model, { home, ...access }, { concurrency: 16, onEvent, signal: ctx.signal, ...(only ? { only } : {}) });
      const db = getDb();
      for (const account of result.accounts.filter((a) => a.kind === "target" && !byHand.has(a.accountId))) {
        const failedStep = account.steps.find((s) => s.status === "failed");
        // An account the run never started (cancelled) is not done: it stays pending, and retryable.
        const setupStatus = setupStatusAfterRun(account.status);
        await db.targetAccount
          .updateMany({
            where: { connectionId: input.connectionId, accountId: account.accountId },
            data: { setupStatus, setupError: setupStatus === "failed" && failedStep?.error ? `${failedStep.error.cause} ${failedStep.error.fix}` : null },
          })
          .catch((error: unknown) => log.error("setup.target_status_failed", { accountId: account.accountId, error: error instanceof Error ? error.name : "unknown" }));
      }
      await updateProgress(input.connectionId, { rollout: { runId: ctx.runId, at: new Date().toISOString() } });
      // Not done: the failed accounts and those the run never started (cancelled).
      const failed = result.failedAccounts.length;
      const notStarted = result.notStartedAccounts.length;
      const nothingChanged = !result.changed && failed === 0;
      const homeResult = result.accounts.find((a) => a.kind === "home");
      // A never-started account counts as not set up yet (pending), never as done.
      const runStatus = (status: (typeof result.accounts)[number]["status"]): RunAccountStatus => (status === "not-started" ? "skipped" : status);
      const merged = mergeRolloutAccounts({
        homeAccountId: input.model.homeAccountId,
        targets: input.targets,
        home: homeResult ? runStatus(homeResult.status) : undefined,
        inRun: new Map(result.accounts.filter((a) => a.kind === "target").map((a) => [a.accountId, runStatus(a.status)])),
      });
      const processed = result.accounts.filter((a) => a.kind === "home" || !byHand.has(a.accountId)).length;
      return {
        status: failed === 0 ? "succeeded" : failed === processed ? "failed" : "partial",
        result: {
          fingerprint: modelFingerprint(input.model),
          // Counted once: an account that changed something and then failed is counted as failed.
          summary: mergedSummary({ counts: merged.counts, changed: result.accounts.filter((a) => a.changed && a.status === "done").length, nothingChanged }),
          changed: result.changed,
          nothingChanged,
          failedAccounts: merged.accounts.filter((a) => a.source !== "by-hand" && (a.status === "failed" || (a.source === "run" && a.status === "pending"))).map((a) => a.accountId),
          retryOf: input.retryOf ?? null,
          /** The targets this run processed (a retry: those not done yet); null = every target. */
          only: only ?? null,
          counts: merged.counts,
          accounts: merged.accounts.map((a) => ({ ...a, changed: result.accounts.find((r) => r.kind === a.kind && r.accountId === a.accountId)?.changed ?? false })),
        },
        ...(failed > 0
          ? {
              error: notStarted
                ? `${failed - notStarted} account(s) failed and ${notStarted} were not started (the run was cancelled); the others are done. Retry to set up the rest.`
                : `${failed} account(s) failed; the others are done. Fix the cause shown per account and retry the failed ones.`,
            }
          : {}),
      };
    } finally {
      home.destroy();
    }
  });
  return started;
}
