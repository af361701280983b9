import "server-only";
import { SETUP_RUN_KINDS } from "./run-kinds";
import type { StaticCredentials } from "@/lib/aws/clients";
import type { AccountAccess } from "@/lib/aws/operations/reach-account";
import { verifySetup } from "@/lib/aws/verify";
import type { AccessModel } from "@/lib/model/types";
import { startRun } from "@/lib/runs";
import { clientsFor } from "@/lib/connections/aws-access";
import { modelFingerprint } from "./model-fingerprint";
import { updateProgress } from "@/lib/connections/repository";

/**
 * Verify as a run: read what exists (read-only calls) and lint it against the model, each finding
 * with its procedure step, cause and fix. A target that could not be read is not "passed".
 */
export async function startVerify(input: { connectionId: string; userId: string; model: AccessModel; home: StaticCredentials; access: AccountAccess }): Promise<{ runId: string }> {
  const total = new Set(input.model.targetAccountIds).size + 1;
  return startRun({ kind: SETUP_RUN_KINDS.verify, connectionId: input.connectionId, createdById: input.userId, total }, async (ctx) => {
    const home = clientsFor(input.home);
    try {
      ctx.emit({ step: "verify", status: "running", message: `Reading the home account and ${total - 1} target account(s)` });
      const result = await verifySetup(input.model, { home, access: input.access, signal: ctx.signal });
      const blocking = result.findings.filter((f) => f.severity === "error" || f.rule === "target-unreadable");
      const accounts = [input.model.homeAccountId, ...input.model.targetAccountIds];
      let failedAccounts = 0;
      for (const accountId of [...new Set(accounts)]) {
        const mine = blocking.filter((f) => (f.accountId ?? input.model.homeAccountId) === accountId);
        if (mine.length > 0) failedAccounts++;
        ctx.emit({ accountId, step: "verify", status: mine.length ? "failed" : "done", message: mine.length ? `${mine.length} problem(s)` : "As intended" });
      }
      ctx.progress({ completed: total - failedAccounts, failed: failedAccounts, total });
      const passed = blocking.length === 0;
      if (passed) await updateProgress(input.connectionId, { verify: { runId: ctx.runId, at: new Date().toISOString() } });
      return {
        status: passed ? "succeeded" : "failed",
        result: { fingerprint: modelFingerprint(input.model), passed, findings: result.findings },
        ...(passed ? {} : { error: `Verify found ${blocking.length} problem(s); each shows its step, cause and fix.` }),
      };
    } finally {
      home.destroy();
    }
  });
}
