import "server-only";
import { getDb, type DbOrTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/roles";
import { parseDraftModel, parseProgress, toAccessModel } from "./draft-model";
import type { AccessMethod, ConnectionView, DraftModel, SetupProgress, TargetView } from "./types";

export const MASKED = "••••••••";

function parseJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * The data access layer of the guided setup: one connection as a plain object the viewer may see.
 * Secret columns are read only to say whether they are set; their values never leave this function.
 */
export async function getConnectionView(connectionId: string, user: Pick<SessionUser, "role">, options: { db?: DbOrTx } = {}): Promise<ConnectionView> {
  const db = options.db ?? getDb();
  const row = await db.connection.findUnique({
    where: { id: connectionId },
    omit: { secretAccessKeySealed: false, proxyPasswordSealed: false },
    include: { targets: { orderBy: { accountId: "asc" } }, schedule: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "That connection does not exist.", { hint: "It may have been deleted; start a new connection." });
  const isAdmin = roleAllows(user.role, "admin");
  const draft: DraftModel = parseDraftModel(row.model);
  const targetIds = row.targets.map((t) => t.accountId);
  const parsed = toAccessModel(draft, targetIds);
  const model: DraftModel = { ...draft, targetAccountIds: targetIds };
  let accessModel = parsed.ok ? parsed.model : null;
  if (!isAdmin) {
    if (model.externalId) model.externalId = MASKED;
    if (accessModel?.externalId) accessModel = { ...accessModel, externalId: MASKED };
  }
  const targets: TargetView[] = row.targets.map((t) => ({
    accountId: t.accountId,
    name: t.name,
    accessMethod: (["assume", "credentials", "manual"].includes(t.accessMethod) ? t.accessMethod : "assume") as AccessMethod,
    adminRoleName: t.adminRoleName,
    setupStatus: (["pending", "done", "failed"].includes(t.setupStatus) ? t.setupStatus : "pending") as TargetView["setupStatus"],
    setupError: t.setupError,
    lastTestStatus: t.lastTestStatus,
    lastTestAt: t.lastTestAt?.toISOString() ?? null,
    lastTestReason: t.lastTestReason,
    inventory: parseJson(t.inventory),
  }));
  return {
    id: row.id,
    name: row.name,
    status: row.status === "saved" ? "saved" : "draft",
    mode: row.mode === "manual" ? "manual" : "automated",
    model,
    accessModel,
    modelIssues: parsed.ok ? [] : parsed.issues,
    targets,
    progress: parseProgress(row.progress),
    accessKeyId: row.accessKeyId,
    hasCollectorSecret: row.secretAccessKeySealed !== null && row.secretAccessKeySealed !== "",
    proxy: draft.proxy?.server
      ? { server: draft.proxy.server, username: draft.proxy.username ?? null, hasPassword: row.proxyPasswordSealed !== null && row.proxyPasswordSealed !== "" }
      : null,
    schedule: row.schedule
      ? { id: row.schedule.id, name: row.schedule.name, intervalMinutes: row.schedule.intervalMinutes, enabled: row.schedule.enabled, nextRunAt: row.schedule.nextRunAt?.toISOString() ?? null }
      : null,
    lastTestStatus: row.lastTestStatus,
    lastTestAt: row.lastTestAt?.toISOString() ?? null,
    lastTestRunId: row.lastTestRunId,
    savedAt: row.savedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    viewerRole: isAdmin ? "admin" : "reviewer",
  };
}

/**
 * Merges `patch` into the stored draft model (shallow, `names` merged key by key) and returns the
 * before and after drafts for the audit event. Keys set to undefined are removed.
 */
export async function updateDraftModel(connectionId: string, patch: Partial<DraftModel>, options: { db?: DbOrTx } = {}): Promise<{ before: DraftModel; after: DraftModel }> {
  const db = options.db ?? getDb();
  const row = await db.connection.findUnique({ where: { id: connectionId }, select: { model: true } });
  if (!row) throw new AppError("NOT_FOUND", "That connection does not exist.");
  const before = parseDraftModel(row.model);
  const after: DraftModel = { ...before, ...patch };
  if (patch.names) after.names = { ...before.names, ...patch.names };
  for (const key of Object.keys(after) as (keyof DraftModel)[]) if (after[key] === undefined) delete after[key];
  await db.connection.update({ where: { id: connectionId }, data: { model: JSON.stringify(after) } });
  return { before, after };
}

/** Merges `patch` into the stored per-step progress (top-level keys replaced; undefined removes). */
export async function updateProgress(connectionId: string, patch: Partial<SetupProgress>, options: { db?: DbOrTx } = {}): Promise<SetupProgress> {
  const db = options.db ?? getDb();
  const row = await db.connection.findUnique({ where: { id: connectionId }, select: { progress: true } });
  if (!row) throw new AppError("NOT_FOUND", "That connection does not exist.");
  const next: SetupProgress = { ...parseProgress(row.progress), ...patch };
  for (const key of Object.keys(next) as (keyof SetupProgress)[]) if (next[key] === undefined) delete next[key];
  await db.connection.update({ where: { id: connectionId }, data: { progress: JSON.stringify(next) } });
  return next;
}

/** A draft connection that may still be changed by the wizard; saved connections are changed through step 8 only. */
export async function requireDraft(connectionId: string, options: { db?: DbOrTx } = {}): Promise<{ id: string; mode: string; status: string }> {
  const db = options.db ?? getDb();
  const row = await db.connection.findUnique({ where: { id: connectionId }, select: { id: true, mode: true, status: true } });
  if (!row) throw new AppError("NOT_FOUND", "That connection does not exist.");
  return row;
}
