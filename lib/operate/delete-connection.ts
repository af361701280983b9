import "server-only";
import { recordAudit } from "@/lib/audit";
import type { StaticCredentials } from "@/lib/aws/clients";
import { reachAccount } from "@/lib/aws/operations/reach-account";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { startRun } from "@/lib/runs";
import { clientsFor } from "@/lib/connections/aws-access";
import { loadSavedConnection, rolloutAccess } from "@/lib/connections/admin-access";
import { cleanupHome, cleanupTarget, type CleanupStep } from "./cleanup-aws";
import { OPERATE_RUN_KINDS } from "./run-kinds";

export interface DeletePlan {
  name: string;
  cleanupAws: boolean;
  deletes: { accountId: string; what: string[] }[];
  keeps: string[];
}

export async function planConnectionDelete(connectionId: string, cleanupAws: boolean): Promise<DeletePlan> {
  const c = await loadSavedConnection(connectionId);
  const m = c.model;
  return {
    name: c.name,
    cleanupAws,
    deletes: cleanupAws
      ? [
          { accountId: m.homeAccountId, what: [`user ${m.names.user} and its access keys`, `policy ${m.names.readRolesPolicy} (and -2, -3, … if split)`] },
          ...m.targetAccountIds.map((id) => ({ accountId: id, what: [`role ${m.names.role}`, `policy ${m.names.inventoryPolicy}`] })),
        ]
      : [],
    keeps: ["The audit trail (events about this connection stay, hash-chained)", ...(cleanupAws ? [] : ["Everything in AWS: the user, its keys, roles and policies stay until you delete them"])],
  };
}

/**
 * Deletes a connection: optionally first the IAM resources it created (every target's role and
 * inventory policy, then the home user, its keys and the read-roles policies), then its rows. The run
 * is not attached to the connection (that row is deleted), so its log survives.
 */
export async function startConnectionDelete(
  input: { connectionId: string; userId: string; actor: { id: string; email: string }; ip: string | null; cleanupAws: boolean; confirmName: string },
  admin: StaticCredentials | null,
): Promise<{ runId: string }> {
  const c = await loadSavedConnection(input.connectionId);
  if (input.confirmName.trim() !== c.name) throw new AppError("VALIDATION", "Type the connection's name to confirm.", { fieldErrors: { confirmName: [`Type "${c.name}" exactly.`] } });
  if (input.cleanupAws && !admin) throw new AppError("UNAUTHENTICATED", "AWS administrator credentials are needed to clean up AWS.", { hint: "Paste them above, or delete without cleaning up AWS." });
  return startRun({ kind: OPERATE_RUN_KINDS.deleteConnection, createdById: input.userId, total: input.cleanupAws ? c.model.targetAccountIds.length + 1 : 0 }, async (ctx) => {
    const cleanup: Record<string, CleanupStep[]> = {};
    let failed = 0;
    if (input.cleanupAws && admin) {
      const home = clientsFor(admin);
      try {
        const access = rolloutAccess(home, c.targets, c.model.targetAccountIds);
        for (const accountId of c.model.targetAccountIds) {
          ctx.emit({ accountId, step: "cleanup", status: "running", message: `Deleting ${c.model.names.role} and ${c.model.names.inventoryPolicy}` });
          try {
            const clients = await reachAccount(home, c.model.homeAccountId, accountId, access, "beaconport-cleanup");
            cleanup[accountId] = await cleanupTarget(clients.iam, c.model, accountId);
            ctx.emit({ accountId, step: "cleanup", status: "done", message: cleanup[accountId].map((s) => `${s.what}: ${s.outcome}${s.note ? ` (${s.note})` : ""}`).join("; ") });
          } catch {
            failed++;
            ctx.emit({ accountId, step: "cleanup", status: "failed", message: "Could not clean up this account; delete the role and policy by hand." });
          }
        }
        ctx.emit({ accountId: c.model.homeAccountId, step: "cleanup-home", status: "running", message: `Deleting ${c.model.names.user} and ${c.model.names.readRolesPolicy}` });
        try {
          cleanup.home = await cleanupHome(home.iam, c.model);
          ctx.emit({ accountId: c.model.homeAccountId, step: "cleanup-home", status: "done", message: cleanup.home.map((s) => `${s.what}: ${s.outcome}${s.note ? ` (${s.note})` : ""}`).join("; ") });
        } catch {
          failed++;
          ctx.emit({ accountId: c.model.homeAccountId, step: "cleanup-home", status: "failed", message: "Could not delete the collector user or the read-roles policy; delete them by hand." });
        }
      } finally {
        home.destroy();
      }
    }
    await getDb().$transaction(async (tx) => {
      await tx.connection.delete({ where: { id: input.connectionId } });
      await recordAudit({ action: "connection.delete", actor: input.actor, ip: input.ip, entityType: "Connection", entityId: input.connectionId, before: { name: c.name, targetAccountIds: c.model.targetAccountIds, accessKeyId: c.accessKeyId }, after: { deleted: true, cleanupAws: input.cleanupAws, cleanupFailures: failed, runId: ctx.runId } }, { db: tx });
    });
    ctx.emit({ step: "delete", status: "done", message: `Deleted the connection "${c.name}"` });
    ctx.progress({ completed: c.model.targetAccountIds.length + 1 - failed, failed });
    return { status: failed ? "partial" : "succeeded", result: { deleted: c.name, cleanup } };
  });
}
