import "server-only";
import type { StaticCredentials } from "@/lib/aws/clients";
import { toAwsOperationError } from "@/lib/aws/errors";
import { observeHome, observeTarget } from "@/lib/aws/operations/gather-observed-state";
import { reachAccount, type AccountAccess, type TargetAccess } from "@/lib/aws/operations/reach-account";
import { mapPool } from "@/lib/aws/pool";
import { recordAudit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import type { Finding, ObservedTarget } from "@/lib/model/types";
import { loadSavedConnection } from "@/lib/connections/admin-access";
import { startRun } from "@/lib/runs";
import { clientsFor, DEFAULT_ADMIN_ROLE } from "@/lib/connections/aws-access";
import { affectedAccounts } from "./affected-accounts";
import { parseFindings } from "./parse-findings";
import { pinpointDrift, type PinpointReport } from "./pinpoint-findings";
import { saveDriftFindings } from "./save-drift-findings";

import { DRIFT_RUN_KINDS } from "./run-kinds";

export const PINPOINT_RUN_KIND = DRIFT_RUN_KINDS.pinpoint;

export interface PinpointRunResult {
  examined: string[];
  unreadable: PinpointReport["unreadable"];
  skipped: { accountId: string; reason: string }[];
  home: number;
  accounts: Record<string, number>;
  before: string[];
  after: string[];
}

/**
 * "Pinpoint with administrator access": reads the home account and every affected target account
 * (failing or with drift) with the administrator's session credentials, lints what is there and
 * replaces the scheduled run's ambiguous findings with precise ones, marked as pinpointed. A run, so
 * the page shows each account as it is read; audited; the credentials live only in the run's closure.
 */
export async function startDriftPinpoint(input: { connectionId: string; userId: string; actor: { id: string; email: string }; ip: string | null }, admin: StaticCredentials): Promise<{ runId: string }> {
  const connection = await loadSavedConnection(input.connectionId);
  const { model } = connection;
  const db = getDb();
  const rows = await db.targetAccount.findMany({ where: { connectionId: input.connectionId }, select: { accountId: true, accessMethod: true, adminRoleName: true, lastTestStatus: true, driftFindings: true }, orderBy: { accountId: "asc" } });
  const affected = affectedAccounts(rows, model.targetAccountIds);
  const overrides: Record<string, TargetAccess> = {};
  const skipped: PinpointRunResult["skipped"] = [];
  const reachable: string[] = [];
  for (const r of affected) {
    // Accounts reached with per-account keys (never stored) or set up by hand cannot be read from here.
    if (r.accessMethod !== "assume") skipped.push({ accountId: r.accountId, reason: r.accessMethod === "manual" ? "set up by hand: the portal does not sign in to it" : "reached with its own credentials, which the portal does not keep" });
    else {
      reachable.push(r.accountId);
      if (r.adminRoleName && r.adminRoleName !== DEFAULT_ADMIN_ROLE) overrides[r.accountId] = { kind: "assume", roleName: r.adminRoleName };
    }
  }
  const access: AccountAccess = { targets: { kind: "assume", roleName: DEFAULT_ADMIN_ROLE }, overrides };

  return startRun({ kind: PINPOINT_RUN_KIND, connectionId: input.connectionId, createdById: input.userId, total: reachable.length + 1 }, async (ctx) => {
    const home = clientsFor(admin);
    try {
      ctx.emit({ accountId: model.homeAccountId, step: "home", status: "running", message: `Reading ${model.names.user}, its policies and access keys, and ${model.names.readRolesPolicy}` });
      let observedHome;
      try {
        observedHome = await observeHome(home.iam, model);
      } catch (error) {
        const e = toAwsOperationError(error);
        ctx.emit({ accountId: model.homeAccountId, step: "home", status: "failed", message: e.message, details: { code: e.awsCode, fix: e.fix } });
        return { status: "failed", error: `The home account could not be read with these credentials (${e.awsCode}); nothing was changed. ${e.fix ?? ""}`.trim() };
      }
      ctx.emit({ accountId: model.homeAccountId, step: "home", status: "done", message: observedHome.user ? `Read ${observedHome.user.name}: ${observedHome.user.accessKeys.length} access key(s), ${observedHome.user.inlinePolicies.length} inline polic(ies), ${observedHome.policies.length} managed polic(ies)` : `No user ${model.names.user}` });
      for (const s of skipped) ctx.emit({ accountId: s.accountId, step: "account", status: "skipped", message: `Not read: ${s.reason}. Its findings stay as they are.` });

      let done = 1;
      let failed = 0;
      ctx.progress({ completed: done });
      const targets = await mapPool(
        reachable,
        8,
        async (accountId): Promise<ObservedTarget> => {
          ctx.emit({ accountId, step: "account", status: "running", message: `Reading ${model.names.role}, its trust policy and ${model.names.inventoryPolicy}` });
          try {
            const clients = await reachAccount(home, model.homeAccountId, accountId, access, "beaconport-pinpoint");
            const t = await observeTarget(clients.iam, model, accountId);
            ctx.emit({ accountId, step: "account", status: "done", message: t.role ? `Read ${t.role.arn}` : `No role ${model.names.role}` });
            ctx.progress({ completed: ++done });
            return t;
          } catch (error) {
            const e = toAwsOperationError(error);
            ctx.emit({ accountId, step: "account", status: "failed", message: `Could not read the account (${e.awsCode}); its findings stay as they are.`, details: { code: e.awsCode, fix: e.fix } });
            ctx.progress({ failed: ++failed });
            return { accountId, role: null, policies: [], readError: { code: e.awsCode, message: e.message } };
          }
        },
        ctx.signal,
      );

      const current = await db.connection.findUniqueOrThrow({ where: { id: input.connectionId }, select: { driftFindings: true, accessKeyId: true } });
      const previousAccounts: Record<string, Finding[]> = {};
      for (const r of affected) previousAccounts[r.accountId] = parseFindings(r.driftFindings);
      const at = new Date();
      const report = pinpointDrift({ model, accessKeyId: current.accessKeyId, home: observedHome, targets, previous: { home: parseFindings(current.driftFindings), accounts: previousAccounts }, at });

      for (const f of report.home) ctx.emit({ accountId: model.homeAccountId, step: "finding", status: "failed", message: f.message, details: { rule: f.rule, fix: f.fix, step: f.step } });
      for (const [accountId, findings] of Object.entries(report.accounts)) {
        if (findings.length === 0) ctx.emit({ accountId, step: "finding", status: "done", message: "Nothing wrong found with administrator access now; the next scheduled run re-tests it as the beacon." });
        for (const f of findings) ctx.emit({ accountId, step: "finding", status: "failed", message: f.message, details: { rule: f.rule, fix: f.fix, step: f.step } });
      }

      await db.$transaction(async (tx) => {
        await saveDriftFindings(tx, { connectionId: input.connectionId, home: report.home, accounts: report.accounts, at });
        await recordAudit(
          {
            action: "connection.drift-pinpointed",
            actor: input.actor,
            ip: input.ip,
            entityType: "Connection",
            entityId: input.connectionId,
            before: { drift: report.before },
            after: { drift: report.after, examined: Object.keys(report.accounts), unreadable: report.unreadable.map((u) => u.accountId), skipped: skipped.map((s) => s.accountId), runId: ctx.runId },
          },
          { db: tx },
        );
      });

      const result: PinpointRunResult = {
        examined: Object.keys(report.accounts),
        unreadable: report.unreadable,
        skipped,
        home: report.home.length,
        accounts: Object.fromEntries(Object.entries(report.accounts).map(([id, f]) => [id, f.length])),
        before: report.before,
        after: report.after,
      };
      const partial = report.unreadable.length > 0 || skipped.length > 0;
      return { status: partial ? "partial" : "succeeded", result, error: partial ? `Some accounts could not be read (${[...report.unreadable.map((u) => u.accountId), ...skipped.map((s) => s.accountId)].join(", ")}); their findings were kept.` : undefined };
    } finally {
      home.destroy();
    }
  });
}
