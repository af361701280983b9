import "server-only";
import { SETUP_RUN_KINDS } from "./run-kinds";
import type { StaticCredentials } from "@/lib/aws/clients";
import { planRollout } from "@/lib/aws/rollout";
import type { AccessModel } from "@/lib/model/types";
import { startRun } from "@/lib/runs";
import { accountAccessFor, clientsFor } from "@/lib/connections/aws-access";
import { modelFingerprint } from "./model-fingerprint";
import type { TargetView } from "@/lib/connections/types";

/**
 * Step 5's plan as a run: read-only calls in every account, then per account exactly what the rollout
 * would create or change. Kept as the run's result so a reload shows the same plan.
 */
export async function startPlan(input: {
  connectionId: string;
  userId: string;
  model: AccessModel;
  targets: TargetView[];
  home: StaticCredentials;
  perAccount: Record<string, StaticCredentials>;
}): Promise<{ runId: string }> {
  const access = accountAccessFor(input.targets, input.perAccount);
  const total = new Set(input.model.targetAccountIds).size + 1;
  return startRun({ kind: SETUP_RUN_KINDS.plan, connectionId: input.connectionId, createdById: input.userId, total }, async (ctx) => {
    const home = clientsFor(input.home);
    try {
      ctx.emit({ step: "plan", status: "running", message: `Reading ${total} account(s) with read-only calls` });
      const plan = await planRollout(input.model, { home, ...access }, { signal: ctx.signal });
      let failed = 0;
      for (const a of plan.accounts) {
        if (a.error) failed++;
        ctx.emit({
          accountId: a.accountId,
          step: a.kind === "home" ? "plan-home" : "plan-target",
          status: a.error ? "failed" : "done",
          message: a.error ? `${a.error.cause} ${a.error.fix}` : a.changes.length === 0 ? "Nothing to change" : `${a.changes.length} change(s)`,
          details: a.error ? { code: a.error.code, awsCode: a.error.awsCode, cause: a.error.cause, fix: a.error.fix } : undefined,
        });
      }
      ctx.progress({ completed: plan.accounts.length - failed, failed, total: plan.accounts.length });
      return {
        status: failed === 0 ? "succeeded" : failed === plan.accounts.length ? "failed" : "partial",
        result: { fingerprint: modelFingerprint(input.model), plan },
        ...(failed > 0 ? { error: `${failed} account(s) could not be read; see the cause and fix per account.` } : {}),
      };
    } finally {
      home.destroy();
    }
  });
}
