import "server-only";
import { createAwsClients, type StaticCredentials } from "@/lib/aws/clients";
import { connectionFromEnv } from "@/lib/aws/connection-defaults";
import { runConnectionTest, summarizeAccountFailure, type ConnectionCheck, type ConnectionTestResult } from "@/lib/aws/connection-test";
import { recordAudit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { safeParseAccessModel } from "@/lib/model";
import type { AccessModel } from "@/lib/model/types";
import { deliverWebhook } from "@/lib/notify/deliver-webhook";
import { eventFor, type WebhookPayload } from "@/lib/notify/webhook-payload";
import { startRun, type RunContext, type RunOutcome } from "@/lib/runs";
import { loadConnectionSettings, type StoredConnectionSettings } from "@/lib/connections/settings-store";
import { countText, summarizeInventory } from "@/lib/connections/test-summary";
import { detectDrift, type CollectorObservation, type DriftReport } from "@/lib/drift/detect-drift";
import { observeWithCollector } from "@/lib/drift/observe-with-collector";
import { withPinpointed } from "@/lib/drift/pinpoint-findings";
import { driftColumns, driftLabels } from "@/lib/drift/drift-columns";
import { SCHEDULED_TEST_RUN, type ScheduledTestResult } from "./schedule-run-kind";

export type ScheduledStatus = "passed" | "failed" | "drift";

export interface ConnectionOutcome {
  connectionId: string;
  name: string;
  runId: string | null;
  status: ScheduledStatus | "skipped";
  passed: number;
  failed: number;
  drift: number;
  note?: string;
}

export type { ScheduledTestResult };

/**
 * The scheduled re-verification of one saved connection: the beacon's own connection test with the
 * stored collector key and proxy, then drift detection with what the collector may read and probe.
 * The result is recorded on the connection and each target account (the dashboard reads it), a
 * changed status is audited, and the webhook hears about failures, drift and recovery.
 */
export async function testConnectionOnSchedule(connectionId: string, options: { createdById?: string } = {}): Promise<ConnectionOutcome> {
  const settings = await loadConnectionSettings(connectionId);
  const parsed = safeParseAccessModel(settings.model);
  if (!parsed.ok || !settings.accessKeyId || !settings.secretAccessKey) {
    return { connectionId, name: settings.name, runId: null, status: "skipped", passed: 0, failed: 0, drift: 0, note: "The connection has no complete model or no stored collector key." };
  }
  const model = parsed.model;
  const credentials: StaticCredentials = { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey };
  let settle!: (o: ConnectionOutcome) => void;
  const finished = new Promise<ConnectionOutcome>((resolve) => (settle = resolve));
  let runId: string;
  try {
    ({ runId } = await startRun({ kind: SCHEDULED_TEST_RUN, connectionId, createdById: options.createdById, total: model.targetAccountIds.length }, async (ctx) => {
      const fallback: ConnectionOutcome = { connectionId, name: settings.name, runId: ctx.runId, status: "failed", passed: 0, failed: model.targetAccountIds.length, drift: 0 };
      try {
        const { outcome, summary } = await testAndRecord(ctx, settings, model, credentials);
        settle(summary);
        return outcome;
      } catch (error) {
        settle({ ...fallback, note: "The scheduled test could not run to the end." });
        throw error;
      }
    }));
  } catch (error) {
    if (error instanceof AppError && error.code === "CONFLICT") {
      return { connectionId, name: settings.name, runId: null, status: "skipped", passed: 0, failed: 0, drift: 0, note: "A scheduled test of this connection was still running." };
    }
    throw error;
  }
  const outcome = await finished;
  return { ...outcome, runId };
}

function firstFailure(checks: ConnectionCheck[]): ConnectionCheck | undefined {
  return checks.find((c) => c.status === "failed");
}

async function testAndRecord(
  ctx: RunContext,
  settings: StoredConnectionSettings,
  model: AccessModel,
  credentials: StaticCredentials,
): Promise<{ outcome: RunOutcome<ScheduledTestResult>; summary: ConnectionOutcome }> {
  const connection = { ...connectionFromEnv(env()), proxy: settings.proxy, retry: { maxAttempts: 3 } };
  const via = settings.proxy ? ` through the proxy ${settings.proxy.server}` : "";
  ctx.emit({ step: "user", status: "running", message: `Signing in as the collector (${credentials.accessKeyId})${via}` });
  const result: ConnectionTestResult = await runConnectionTest({
    credentials,
    externalId: model.externalId,
    regions: model.regions,
    connection,
    expectedAccountIds: model.targetAccountIds,
    signal: ctx.signal,
  });
  const userFailure = firstFailure(result.checks);
  ctx.emit({
    step: "user",
    status: userFailure ? "failed" : "done",
    message: userFailure ? (userFailure.cause ?? "The collector user could not be read.") : `Signed in as ${result.user?.arn ?? "the collector"}; ${result.roleArns.length} role ARN(s) found`,
  });

  let observation: CollectorObservation = { home: null, inlinePoliciesKnown: false, targets: {} };
  if (result.user) {
    ctx.emit({ step: "drift", status: "running", message: "Reading the collector's policies and probing each role for drift" });
    const collector = createAwsClients({ ...connection, credentials });
    try {
      const reachableRoles = result.accounts.filter((a) => a.checks.some((c) => c.check === "sts:AssumeRole" && c.status === "passed")).map((a) => ({ accountId: a.accountId, roleArn: a.roleArn }));
      observation = await observeWithCollector(collector, model, { accessKeyId: credentials.accessKeyId, reachableRoles, signal: ctx.signal });
    } catch {
      ctx.emit({ step: "drift", status: "failed", message: "The collector's own policies could not be read; drift was judged from the connection test alone." });
    } finally {
      collector.destroy();
    }
  }
  const db = getDb();
  const [previous, targets] = await Promise.all([
    db.connection.findUnique({ where: { id: settings.connectionId }, select: { scheduledStatus: true, driftFindings: true } }),
    db.targetAccount.findMany({ where: { connectionId: settings.connectionId }, select: { accountId: true, driftFindings: true, lastTestStatus: true, lastTestCheck: true } }),
  ]);
  // What only an administrator's pinpoint could see stays while the collector still cannot tell more.
  const drift = withPinpointed(detectDrift({ model, accessKeyId: credentials.accessKeyId, test: result, collector: observation }), { home: previous?.driftFindings ?? null, accounts: targets }, { inlinePoliciesKnown: observation.inlinePoliciesKnown });
  for (const f of drift.home) ctx.emit({ step: "drift", status: "failed", message: f.message, details: { rule: f.rule, fix: f.fix, step: f.step } });
  for (const [accountId, findings] of Object.entries(drift.accounts)) {
    for (const f of findings) ctx.emit({ accountId, step: "drift", status: "failed", message: f.message, details: { rule: f.rule, fix: f.fix, step: f.step } });
  }

  const now = new Date();
  const tested = new Map(result.accounts.map((a) => [a.accountId, a]));
  const failedAccounts: { accountId: string; reason: string | null }[] = [];
  let passed = 0;
  const updates = targets.map((t) => {
    const a = tested.get(t.accountId);
    const findings = drift.accounts[t.accountId];
    let data;
    if (a) {
      const f = summarizeAccountFailure(a.checks, { status: t.lastTestStatus, check: t.lastTestCheck });
      const inv = summarizeInventory(a.inventory);
      if (a.status === "passed") passed++;
      else failedAccounts.push({ accountId: t.accountId, reason: f?.reason ?? null });
      ctx.emit({
        accountId: t.accountId,
        step: "account",
        status: a.status === "passed" ? "done" : "failed",
        message: a.status === "passed" ? `Role assumed; ${countText(inv.instances)} instance(s), ${countText(inv.hosts)} host(s), ${countText(inv.reservedInstances)} RI(s), ${countText(inv.oracleRds)} Oracle RDS` : (f?.reason ?? "The test failed for this account."),
        arn: a.roleArn,
      });
      data = { lastTestStatus: a.status === "passed" ? "passed" : "failed", lastTestReason: f?.reason ?? null, lastTestFix: f?.fix ?? null, lastTestCheck: f?.check ?? null, inventory: JSON.stringify(inv) };
    } else {
      // Not tried: the collector could not read its user, or its policies do not name this role.
      const missing = result.missingAccounts.includes(t.accountId) && result.user;
      const reason = missing ? "No exact role ARN for this account in the collector's managed policies: the beacon will not collect from it." : (userFailure?.cause ?? "The collector could not be used.");
      const fix = missing ? "Add the account's exact role ARN to the read-roles policy (step 3.9), e.g. by adding the account again from Manage." : (userFailure?.fix ?? null);
      failedAccounts.push({ accountId: t.accountId, reason });
      ctx.emit({ accountId: t.accountId, step: "account", status: "failed", message: reason });
      data = { lastTestStatus: "failed", lastTestReason: reason, lastTestFix: fix, lastTestCheck: missing ? "assume-role-resources" : (userFailure?.check ?? null) };
    }
    return { accountId: t.accountId, data: { ...data, lastTestAt: now, ...driftColumns(findings, now) } };
  });
  const failed = failedAccounts.length;
  ctx.progress({ completed: passed, failed });
  const status: ScheduledStatus = !result.ok || failed > 0 ? "failed" : drift.count > 0 ? "drift" : "passed";

  await db.$transaction(async (tx) => {
    for (const u of updates) await tx.targetAccount.updateMany({ where: { connectionId: settings.connectionId, accountId: u.accountId }, data: u.data });
    await tx.connection.update({
      where: { id: settings.connectionId },
      data: {
        lastTestStatus: status === "failed" ? "failed" : "passed",
        lastTestAt: now,
        ...driftColumns(drift.home, now),
        scheduledStatus: status,
        scheduledAt: now,
        scheduledRunId: ctx.runId,
      },
    });
    const changed = previous?.scheduledStatus !== status || (previous?.driftFindings ?? null) !== driftColumns(drift.home, now).driftFindings;
    if (changed) {
      await recordAudit(
        {
          action: status === "passed" ? "connection.scheduled-test-passed" : status === "failed" ? "connection.scheduled-test-failed" : "connection.drift-detected",
          entityType: "Connection",
          entityId: settings.connectionId,
          before: { scheduledStatus: previous?.scheduledStatus ?? null },
          after: { scheduledStatus: status, runId: ctx.runId, failedAccounts: failed, drift: driftRules(drift) },
        },
        { db: tx },
      );
    }
  });

  let webhook: string | null = null;
  const event = eventFor(previous?.scheduledStatus ?? null, status);
  if (event) {
    const payload: WebhookPayload = {
      event,
      connection: { id: settings.connectionId, name: settings.name, url: `/connections/${settings.connectionId}/manage` },
      failedAccounts,
      drift: [...drift.home, ...Object.values(drift.accounts).flat()],
      at: now.toISOString(),
    };
    const delivered = await deliverWebhook(settings.connectionId, payload);
    webhook = delivered ? `${delivered.ok ? "delivered" : "failed"}: ${delivered.status}` : null;
  }

  const runResult: ScheduledTestResult = { status, passed, failed, drift, failedAccounts, webhook, accessKeyId: credentials.accessKeyId };
  return {
    outcome: {
      status: status === "passed" ? "succeeded" : status === "drift" ? "partial" : passed > 0 ? "partial" : "failed",
      result: runResult,
      error: status === "failed" ? "The scheduled connection test failed: see the accounts below." : status === "drift" ? `Drift found: ${drift.count} finding(s).` : undefined,
    },
    summary: { connectionId: settings.connectionId, name: settings.name, runId: ctx.runId, status, passed, failed, drift: drift.count },
  };
}

function driftRules(d: DriftReport): string[] {
  return [...new Set(driftLabels([...d.home, ...Object.values(d.accounts).flat()]))];
}
