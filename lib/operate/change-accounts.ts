import "server-only";
import { recordAudit } from "@/lib/audit";
import { type StaticCredentials } from "@/lib/aws/clients";
import { reachAccount } from "@/lib/aws/operations/reach-account";
import { planRollout, runRollout, type AccountPlan } from "@/lib/aws/rollout";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { AccessModel } from "@/lib/model/types";
import { startRun } from "@/lib/runs";
import { clientsFor } from "@/lib/connections/aws-access";
import { loadSavedConnection, rolloutAccess } from "@/lib/connections/admin-access";
import { cleanupTarget, type CleanupStep } from "./cleanup-aws";
import { storeAccountTests, testAsBeacon } from "@/lib/connections/test-as-beacon";
import { OPERATE_RUN_KINDS } from "./run-kinds";

export interface AccountsChangeInput {
  connectionId: string;
  add: string[];
  remove: string[];
  /** Also delete the role and inventory policy in each removed account. */
  deleteRemovedResources: boolean;
}

export interface AccountsChangePlan {
  add: string[];
  remove: string[];
  deleteRemovedResources: boolean;
  accounts: AccountPlan[];
  /** What will be deleted in removed accounts (when asked). */
  deletions: { accountId: string; what: string[] }[];
  notes: string[];
}

function normalize(connection: { model: AccessModel }, input: AccountsChangeInput): { add: string[]; remove: string[]; next: AccessModel } {
  const current = new Set(connection.model.targetAccountIds);
  const add = [...new Set(input.add)].filter((id) => !current.has(id)).sort();
  const remove = [...new Set(input.remove)].filter((id) => current.has(id)).sort();
  if (add.length === 0 && remove.length === 0) throw new AppError("VALIDATION", "Nothing to change: the accounts to add are already in the connection and the accounts to remove are not.", { fieldErrors: { add: ["Enter 12-digit account IDs that are not in the connection yet."] } });
  const targets = [...connection.model.targetAccountIds.filter((id) => !remove.includes(id)), ...add].sort();
  if (targets.length === 0) throw new AppError("VALIDATION", "A connection needs at least one target account.", { hint: "To stop collecting altogether, delete the connection instead." });
  return { add, remove, next: { ...connection.model, targetAccountIds: targets } };
}

/** Read-only: what adding/removing these accounts would change in AWS (the page shows it before Run). */
export async function planAccountsChange(input: AccountsChangeInput, admin: StaticCredentials): Promise<AccountsChangePlan> {
  const connection = await loadSavedConnection(input.connectionId);
  const { add, remove, next } = normalize(connection, input);
  const home = clientsFor(admin);
  try {
    const access = rolloutAccess(home, connection.targets, [...add, ...remove]);
    // Only what changes: the home account (a new read-roles version) and the added accounts.
    const { accounts } = await planRollout(next, access, { only: add });
    return {
      add,
      remove,
      deleteRemovedResources: input.deleteRemovedResources,
      accounts,
      deletions: input.deleteRemovedResources ? remove.map((accountId) => ({ accountId, what: [`role ${next.names.role}`, `policy ${next.names.inventoryPolicy}`] })) : [],
      notes: [
        "The connection's saved accounts change only after the connection test passes with the collector's key (procedure step 8.5).",
        ...(remove.length && !input.deleteRemovedResources ? [`The role and inventory policy stay in ${remove.join(", ")}; only the read-roles policy stops naming them.`] : []),
      ],
    };
  } finally {
    home.destroy();
  }
}

/**
 * Adds and/or removes target accounts as a run: the rollout (new roles, a new version of the
 * read-roles policy), the optional cleanup of removed accounts, then the beacon's connection test with
 * the stored collector key. The saved model and the account rows change only when every account passes.
 */
export async function startAccountsChange(input: AccountsChangeInput & { userId: string; actor: { id: string; email: string }; ip: string | null }, admin: StaticCredentials): Promise<{ runId: string }> {
  const connection = await loadSavedConnection(input.connectionId);
  const { add, remove, next } = normalize(connection, input);
  rolloutAccess(clientsFor(admin), connection.targets, [...add, ...remove]).home.destroy();
  return startRun({ kind: OPERATE_RUN_KINDS.changeAccounts, connectionId: input.connectionId, createdById: input.userId, total: next.targetAccountIds.length + remove.length }, async (ctx) => {
    const home = clientsFor(admin);
    try {
      const access = rolloutAccess(home, connection.targets, [...add, ...remove]);
      ctx.emit({ step: "plan", status: "done", message: `Adding ${add.length ? add.join(", ") : "no account"}; removing ${remove.length ? remove.join(", ") : "no account"}` });
      // The unchanged accounts are neither read nor changed (500 accounts: one admin session per added
      // account, not 500); the home read-roles policy still names every account. The connection test
      // below covers them all, with the collector's key, as the beacon will.
      const rollout = await runRollout(next, access, {
        only: add,
        onEvent: (e) => ctx.emit({ accountId: e.accountId, step: e.step, status: e.status, message: e.message, outcome: e.outcome, arn: e.arn, details: e.error ? { code: e.error.awsCode, fix: e.error.fix } : undefined }),
        propagation: { windowMs: 120_000 },
      });
      if (rollout.failedAccounts.length) {
        return { status: "failed", result: { rollout: rollout.summary, failedAccounts: rollout.failedAccounts }, error: `The rollout failed for ${rollout.failedAccounts.join(", ")}; the connection was not changed. Correct the cause shown below and run again (the run is idempotent).` };
      }
      const cleanup: Record<string, CleanupStep[]> = {};
      if (input.deleteRemovedResources) {
        for (const accountId of remove) {
          ctx.emit({ accountId, step: "cleanup", status: "running", message: `Deleting ${next.names.role} and ${next.names.inventoryPolicy}` });
          try {
            const clients = await reachAccount(home, next.homeAccountId, accountId, access, "beaconport-cleanup");
            cleanup[accountId] = await cleanupTarget(clients.iam, next, accountId);
            ctx.emit({ accountId, step: "cleanup", status: "done", message: cleanup[accountId].map((s) => `${s.what}: ${s.outcome}${s.note ? ` (${s.note})` : ""}`).join("; ") });
          } catch {
            ctx.emit({ accountId, step: "cleanup", status: "failed", message: "Could not delete the role and policy in this account; delete them by hand (the connection no longer uses them)." });
          }
        }
      }
      const test = await testAsBeacon(input.connectionId, next, ctx);
      const stale = test.accounts.filter((a) => remove.includes(a.accountId)).map((a) => a.accountId);
      const failing = [...test.accounts.filter((a) => a.status !== "passed" && !remove.includes(a.accountId)).map((a) => a.accountId), ...test.missingAccounts];
      ctx.progress({ completed: next.targetAccountIds.length - failing.length, failed: failing.length });
      const onlyRemoving = add.length === 0;
      if (failing.length > 0 && !onlyRemoving) {
        ctx.emit({ step: "connection-test", status: "failed", message: `Test connection failed for ${failing.join(", ")}: the connection keeps its previous accounts.` });
        return { status: "failed", result: { failing, rollout: rollout.summary }, error: `Test connection failed for ${failing.join(", ")}; the saved connection was not changed. Fix the cause and run again.` };
      }
      ctx.emit({ step: "connection-test", status: failing.length ? "failed" : "done", message: failing.length ? `Removed; note that ${failing.join(", ")} still fail.` : "Test connection succeeded" });
      const now = new Date();
      const db = getDb();
      const before = { targetAccountIds: connection.model.targetAccountIds };
      await db.$transaction(async (tx) => {
        await tx.connection.update({ where: { id: input.connectionId }, data: { model: JSON.stringify({ ...next, proxy: next.proxy ? { server: next.proxy.server, ...(next.proxy.username ? { username: next.proxy.username } : {}) } : undefined }), lastTestStatus: failing.length ? "failed" : "passed", lastTestAt: now } });
        if (remove.length) await tx.targetAccount.deleteMany({ where: { connectionId: input.connectionId, accountId: { in: remove } } });
        for (const accountId of add) {
          await tx.targetAccount.upsert({ where: { connectionId_accountId: { connectionId: input.connectionId, accountId } }, create: { connectionId: input.connectionId, accountId, setupStatus: "done" }, update: { setupStatus: "done" } });
        }
        await storeAccountTests(tx, input.connectionId, test.accounts, now, { skip: remove });
        await recordAudit(
          { action: "connection.accounts-change", actor: input.actor, ip: input.ip, entityType: "Connection", entityId: input.connectionId, before, after: { targetAccountIds: next.targetAccountIds, added: add, removed: remove, deletedInRemoved: input.deleteRemovedResources, runId: ctx.runId } },
          { db: tx },
        );
      });
      return { status: failing.length ? "partial" : "succeeded", result: { added: add, removed: remove, cleanup, stillReachableRemoved: stale, rollout: rollout.summary } };
    } finally {
      home.destroy();
    }
  });
}
