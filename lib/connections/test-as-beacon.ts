import "server-only";
import { runConnectionTest, summarizeAccountFailure } from "@/lib/aws/connection-test";
import type { AccountTestResult, ConnectionTestResult } from "@/lib/aws/connection-test";
import { connectionFromEnv } from "@/lib/aws/connection-defaults";
import type { DbOrTx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { AccessModel } from "@/lib/model/types";
import type { RunContext } from "@/lib/runs";
import { loadConnectionSettings } from "./settings-store";
import { summarizeInventory } from "./test-summary";

/**
 * The beacon's connection test with the connection's stored collector key, after a change in AWS
 * (accounts added or removed, drift repaired): every account of `model`, each one's outcome as a run
 * event. Shared by the operations on the manage page so they test and record the same way.
 */
export async function testAsBeacon(connectionId: string, model: AccessModel, ctx: Pick<RunContext, "emit" | "signal">): Promise<ConnectionTestResult> {
  ctx.emit({ step: "connection-test", status: "running", message: "Testing the connection with the collector's key, as the beacon will" });
  const settings = await loadConnectionSettings(connectionId);
  if (!settings.accessKeyId || !settings.secretAccessKey) throw new AppError("CONFLICT", "The connection has no stored collector key to test with.");
  const test = await runConnectionTest({
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    externalId: model.externalId,
    regions: model.regions,
    connection: { ...connectionFromEnv(env()), proxy: settings.proxy, retry: { maxAttempts: 3 } },
    expectedAccountIds: model.targetAccountIds,
    // A new version of the read-roles policy and new or re-trusted roles may take a moment to be in force.
    newKeyPropagation: { windowMs: 60_000 },
    signal: ctx.signal,
  });
  for (const a of test.accounts) {
    ctx.emit({ accountId: a.accountId, step: "connection-test", status: a.status === "passed" ? "done" : "failed", message: a.status === "passed" ? "Role assumed and inventory read" : (failedCheck(a)?.cause ?? "failed"), arn: a.roleArn });
  }
  return test;
}

function failedCheck(a: AccountTestResult) {
  return a.checks.find((c) => c.status === "failed");
}

/** Each tested account's `lastTest*` and inventory, as the dashboard and the connection page read them. */
export async function storeAccountTests(db: DbOrTx, connectionId: string, accounts: readonly AccountTestResult[], at: Date, options: { skip?: readonly string[] } = {}): Promise<void> {
  const before = new Map((await db.targetAccount.findMany({ where: { connectionId }, select: { accountId: true, lastTestStatus: true, lastTestCheck: true } })).map((t) => [t.accountId, { status: t.lastTestStatus, check: t.lastTestCheck }]));
  for (const a of accounts) {
    if (options.skip?.includes(a.accountId)) continue;
    const f = summarizeAccountFailure(a.checks, before.get(a.accountId));
    await db.targetAccount.updateMany({
      where: { connectionId, accountId: a.accountId },
      data: { lastTestStatus: a.status === "passed" ? "passed" : "failed", lastTestAt: at, lastTestReason: f?.reason ?? null, lastTestFix: f?.fix ?? null, lastTestCheck: f?.check ?? null, inventory: JSON.stringify(summarizeInventory(a.inventory)) },
    });
  }
}
