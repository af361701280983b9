import "server-only";
import { createAwsClients, type AwsClients, type StaticCredentials } from "@/lib/aws/clients";
import { connectionFromEnv } from "@/lib/aws/connection-defaults";
import { runConnectionTest, summarizeAccountFailure, type AccountTestResult, type ConnectionCheck, type ConnectionTestResult } from "@/lib/aws/connection-test";
import type { AccountAccess, TargetAccess } from "@/lib/aws/operations/reach-account";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { startRun, type RunContext, type RunOutcome } from "@/lib/runs";
import { loadConnectionSettings, settingsFingerprint, type StoredConnectionSettings } from "@/lib/connections/settings-store";
import { CONNECTION_TEST_RUN, countText, summarizeInventory, type ConnectionTestSummary } from "@/lib/connections/test-summary";

export interface StartConnectionTestInput {
  connectionId: string;
  userId: string;
  /**
   * The administrator's session credentials for the home account, when the admin signed in (step 1).
   * Used only to explain an AssumeRole refusal (AWS gives one answer for every cause); never stored.
   */
  adminCredentials?: StaticCredentials;
}

/**
 * Starts the beacon's "Test connection" as a run: the collector's key, the external ID and the proxy
 * exactly as entered in step 8. The result is recorded on the connection and each target account,
 * with the fingerprint of the settings it tested (Save checks it).
 */
export async function startConnectionTest(input: StartConnectionTestInput): Promise<{ runId: string }> {
  const settings = await loadConnectionSettings(input.connectionId);
  if (!settings.accessKeyId || !settings.secretAccessKey) {
    throw new AppError("VALIDATION", "Enter the collector's access key ID and secret access key first.", {
      fieldErrors: { secretAccessKey: ["Paste the secret access key from the credentials .csv of step 6."] },
    });
  }
  const targets = await getDb().targetAccount.findMany({ where: { connectionId: input.connectionId }, select: { accountId: true, accessMethod: true, adminRoleName: true } });
  const expected = [...new Set([...settings.model.targetAccountIds, ...targets.map((t) => t.accountId)])].sort();
  const fingerprint = settingsFingerprint(settings);
  const credentials: StaticCredentials = { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey };
  const access: AccountAccess = {
    targets: { kind: "assume" },
    overrides: Object.fromEntries(
      targets.filter((t) => t.accessMethod === "assume" && t.adminRoleName).map((t): [string, TargetAccess] => [t.accountId, { kind: "assume", roleName: t.adminRoleName ?? undefined }]),
    ),
  };
  const admin = input.adminCredentials;
  return startRun({ kind: CONNECTION_TEST_RUN, connectionId: input.connectionId, createdById: input.userId, total: expected.length }, (ctx) =>
    // Credentials live in this closure only, for the duration of the run.
    testAndRecord(ctx, { settings, credentials, expected, fingerprint, admin, access }),
  );
}

async function testAndRecord(
  ctx: RunContext,
  job: { settings: StoredConnectionSettings; credentials: StaticCredentials; expected: string[]; fingerprint: string; admin?: StaticCredentials; access: AccountAccess },
): Promise<RunOutcome<ConnectionTestSummary>> {
  const { settings } = job;
  const base = connectionFromEnv(env());
  let diagnoseHome: AwsClients | undefined;
  if (job.admin && settings.model.homeAccountId) diagnoseHome = createAwsClients({ ...base, credentials: job.admin });
  const via = settings.proxy ? ` through the proxy ${settings.proxy.server}` : "";
  ctx.emit({ step: "user", status: "running", message: `Signing in as the collector (${settings.accessKeyId})${via}` });
  for (const accountId of job.expected) ctx.emit({ accountId, step: "account", status: "waiting", message: "Waiting for the collector's policies to name this account's role" });
  let result: ConnectionTestResult;
  try {
    result = await runConnectionTest({
      credentials: job.credentials,
      externalId: settings.externalId,
      regions: settings.model.regions,
      connection: { ...base, proxy: settings.proxy, retry: { maxAttempts: 3 } },
      expectedAccountIds: job.expected,
      diagnose: diagnoseHome && settings.model.homeAccountId ? { home: diagnoseHome, homeAccountId: settings.model.homeAccountId, access: job.access } : undefined,
      signal: ctx.signal,
      onProgress: (p) => {
        if (p.phase === "account" && p.accountId) ctx.emit({ accountId: p.accountId, step: "account", status: "running", message: p.message });
        else ctx.emit({ step: "user", status: "running", message: p.message });
      },
    });
  } finally {
    diagnoseHome?.destroy();
  }
  const summary = summarizeResult(result, job.fingerprint, settings);
  const userFailures = result.checks.filter((c) => c.status === "failed");
  ctx.emit({
    step: "user",
    status: userFailures.length ? "failed" : "done",
    message: userFailures.length ? (userFailures[0]?.cause ?? "The collector user could not be read.") : `Signed in as ${result.user?.arn ?? "the collector"}; ${result.roleArns.length} role ARN(s) found`,
    details: userFailures.length ? { failures: userFailures.map(publicCheck) } : { roleArns: result.roleArns },
  });
  let passed = 0;
  let failed = 0;
  for (const account of result.accounts) {
    const failures = account.checks.filter((c) => c.status === "failed");
    if (account.status === "passed") passed++;
    else failed++;
    const inv = summarizeInventory(account.inventory);
    ctx.emit({
      accountId: account.accountId,
      step: "account",
      status: account.status === "passed" ? "done" : "failed",
      message:
        account.status === "passed"
          ? `Role assumed; the beacon will see ${countText(inv.instances)} instance(s), ${countText(inv.hosts)} host(s), ${countText(inv.reservedInstances)} reserved instance(s), ${countText(inv.oracleRds)} Oracle RDS instance(s)`
          : (failures[0]?.cause ?? "The test failed for this account."),
      arn: account.roleArn,
      details: { failures: failures.map(publicCheck), inventory: inv },
    });
  }
  for (const accountId of result.missingAccounts) {
    failed++;
    ctx.emit({
      accountId,
      step: "account",
      status: "failed",
      message: `No exact role ARN for account ${accountId} in the collector's managed policies: the beacon will not collect from it.`,
      details: { failures: [{ check: "expected-accounts", code: "RoleArnNotInPolicy", cause: "The read-roles policy does not name this account's role.", fix: "Add the account's exact role ARN to the read-roles policy (step 3.9).", procedureStep: 3 }] },
    });
  }
  ctx.progress({ completed: passed, failed });
  await recordResult(settings, result, summary, ctx.runId);
  return {
    status: result.ok ? "succeeded" : passed > 0 ? "partial" : "failed",
    result: summary,
    error: result.ok ? undefined : "Test connection failed: review the causes below, correct the details and test again.",
  };
}

function publicCheck(c: ConnectionCheck): Record<string, unknown> {
  return { check: c.check, code: c.code ?? null, subject: c.subject ?? null, region: c.region ?? null, cause: c.cause ?? null, fix: c.fix ?? null, procedureStep: c.procedureStep ?? null };
}

function accountReason(a: AccountTestResult): string | null {
  const f = summarizeAccountFailure(a.checks);
  if (!f) return null;
  return [f.reason, f.fix ? `Fix: ${f.fix}` : null].filter(Boolean).join(" ");
}

function summarizeResult(result: ConnectionTestResult, fingerprint: string, settings: StoredConnectionSettings): ConnectionTestSummary {
  return {
    ok: result.ok,
    settingsFingerprint: fingerprint,
    viaProxy: settings.proxy?.server ?? null,
    user: result.user ?? null,
    userFailures: result.checks.filter((c) => c.status === "failed").map((c) => ({ check: c.check, code: c.code ?? null, cause: c.cause ?? null, fix: c.fix ?? null, procedureStep: c.procedureStep ?? null })),
    roleArns: result.roleArns,
    wildcardResources: result.wildcardResources,
    missingAccounts: result.missingAccounts,
    accounts: result.accounts.map((a) => ({
      accountId: a.accountId,
      roleArn: a.roleArn,
      alias: a.alias ?? null,
      status: a.status,
      reason: accountReason(a),
      failures: a.checks.filter((c) => c.status === "failed").map((c) => ({ check: c.check, code: c.code ?? null, region: c.region ?? null, cause: c.cause ?? null, fix: c.fix ?? null, procedureStep: c.procedureStep ?? null })),
      inventory: summarizeInventory(a.inventory),
    })),
    durationMs: result.durationMs,
    calls: result.calls,
  };
}

async function recordResult(settings: StoredConnectionSettings, result: ConnectionTestResult, summary: ConnectionTestSummary, runId: string): Promise<void> {
  const db = getDb();
  const now = new Date();
  // Settings edited while the test ran: this result is about settings that no longer exist.
  const current = await loadConnectionSettings(settings.connectionId).catch(() => null);
  const stillCurrent = current !== null && settingsFingerprint(current) === summary.settingsFingerprint;
  await db.$transaction(async (tx) => {
    if (stillCurrent) {
      await tx.connection.update({ where: { id: settings.connectionId }, data: { lastTestStatus: result.ok ? "passed" : "failed", lastTestAt: now, lastTestRunId: runId } });
    }
    const before = new Map((await tx.targetAccount.findMany({ where: { connectionId: settings.connectionId }, select: { accountId: true, lastTestStatus: true, lastTestCheck: true } })).map((t) => [t.accountId, { status: t.lastTestStatus, check: t.lastTestCheck }]));
    for (const a of summary.accounts) {
      const tested = result.accounts.find((r) => r.accountId === a.accountId);
      const f = tested ? summarizeAccountFailure(tested.checks, before.get(a.accountId)) : null;
      await tx.targetAccount.updateMany({
        where: { connectionId: settings.connectionId, accountId: a.accountId },
        data: { lastTestStatus: a.status === "passed" ? "passed" : "failed", lastTestAt: now, lastTestReason: f?.reason ?? a.reason, lastTestFix: f?.fix ?? null, lastTestCheck: f?.check ?? null, inventory: JSON.stringify(a.inventory) },
      });
    }
    for (const accountId of summary.missingAccounts) {
      await tx.targetAccount.updateMany({
        where: { connectionId: settings.connectionId, accountId },
        data: { lastTestStatus: "failed", lastTestAt: now, lastTestReason: "No exact role ARN for this account in the collector's managed policies. Fix: add it to the read-roles policy (step 3.9)." },
      });
    }
  });
}
