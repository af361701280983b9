import "server-only";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { AwsClients, StaticCredentials } from "@/lib/aws/clients";
import type { RolloutAccess } from "@/lib/aws/rollout";
import type { TargetAccess } from "@/lib/aws/operations/reach-account";
import type { SessionUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { safeParseAccessModel } from "@/lib/model";
import type { AccessModel } from "@/lib/model/types";
import { clientsFor, DEFAULT_ADMIN_ROLE } from "./aws-access";
import { readSessionCredentials, storeSessionCredentials } from "./session-credentials";

/** A saved connection with its validated model (operations refuse drafts: the wizard owns those). */
export async function loadSavedConnection(connectionId: string): Promise<{ id: string; name: string; model: AccessModel; accessKeyId: string | null; targets: { accountId: string; accessMethod: string; adminRoleName: string | null }[] }> {
  const db = getDb();
  const row = await db.connection.findUnique({ where: { id: connectionId }, select: { id: true, name: true, status: true, model: true, accessKeyId: true } });
  if (!row) throw new AppError("NOT_FOUND", "That connection does not exist.");
  if (row.status !== "saved") throw new AppError("CONFLICT", "This connection is still being set up.", { hint: "Finish the guided setup first; its page handles changes until then." });
  let raw: unknown;
  try {
    raw = JSON.parse(row.model);
  } catch {
    raw = null;
  }
  const parsed = safeParseAccessModel(raw);
  if (!parsed.ok) throw new AppError("CONFLICT", "The stored model of this connection is incomplete.", { hint: "Open the guided setup to complete it." });
  const targets = await db.targetAccount.findMany({ where: { connectionId }, select: { accountId: true, accessMethod: true, adminRoleName: true }, orderBy: { accountId: "asc" } });
  return { id: row.id, name: row.name, model: parsed.model, accessKeyId: row.accessKeyId, targets };
}

/**
 * Checks pasted administrator credentials of the home account and keeps them in 6A's sealed,
 * short-lived session cookie (bound to this portal session and this connection), never elsewhere.
 */
export async function signInForConnection(input: { user: SessionUser; connectionId: string; credentials: StaticCredentials }): Promise<{ accountId: string; principalArn: string; expiresAt: Date }> {
  const connection = await loadSavedConnection(input.connectionId);
  const clients = clientsFor(input.credentials);
  let me;
  try {
    me = await clients.sts.send(new GetCallerIdentityCommand({}));
  } finally {
    clients.destroy();
  }
  const accountId = me.Account ?? "";
  if (accountId !== connection.model.homeAccountId) {
    throw new AppError("VALIDATION", `These credentials belong to account ${accountId}, not to the connection's home account ${connection.model.homeAccountId}.`, {
      fieldErrors: { accessKeyId: ["Use credentials of an administrator of the home account."] },
    });
  }
  const expiresAt = await storeSessionCredentials({ sessionId: input.user.sessionId, connectionId: input.connectionId, credentials: input.credentials, accountId, principalArn: me.Arn ?? "" });
  return { accountId, principalArn: me.Arn ?? "", expiresAt };
}

/** The administrator's clients for this connection, or a clear request to paste credentials (again). */
export async function requireAdminClients(user: SessionUser, connectionId: string): Promise<StaticCredentials> {
  const held = await readSessionCredentials(user.sessionId, connectionId);
  if (!held) {
    throw new AppError("UNAUTHENTICATED", "AWS administrator credentials are needed for this change.", {
      hint: "Paste temporary credentials of an administrator of the home account above (kept for a few minutes in a sealed cookie only).",
    });
  }
  return held.credentials;
}

/** How the administrator reaches each target: its admin role (default OrganizationAccountAccessRole). */
export function rolloutAccess(home: AwsClients, targets: { accountId: string; accessMethod: string; adminRoleName: string | null }[], accountIds: string[]): RolloutAccess {
  const overrides: Record<string, TargetAccess> = {};
  const unsupported: string[] = [];
  for (const id of accountIds) {
    const t = targets.find((x) => x.accountId === id);
    if (t && t.accessMethod !== "assume") unsupported.push(id);
    else if (t?.adminRoleName && t.adminRoleName !== DEFAULT_ADMIN_ROLE) overrides[id] = { kind: "assume", roleName: t.adminRoleName };
  }
  if (unsupported.length) {
    throw new AppError("VALIDATION", `Account(s) ${unsupported.join(", ")} are not reachable through an administrator role.`, {
      hint: "Changes from this page reach target accounts through their administrator role (OrganizationAccountAccessRole by default). Change those accounts by hand, then run the schedule to verify.",
    });
  }
  return { home, targets: { kind: "assume", roleName: DEFAULT_ADMIN_ROLE }, overrides };
}
