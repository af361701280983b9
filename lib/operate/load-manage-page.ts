import "server-only";
import type { SessionUser } from "@/lib/auth/session";
import { latestAuditEvent } from "@/lib/audit";
import { loadSavedConnection } from "@/lib/connections/admin-access";
import { sessionCredentialsStatus } from "@/lib/connections/session-credentials";
import { getDb } from "@/lib/db";
import { parseFindings } from "@/lib/drift/parse-findings";
import { AppError } from "@/lib/errors";
import type { Finding } from "@/lib/model/types";
import { deletionOf, type DeletionView } from "./deletion-of";

export type ManagePage =
  | { status: "missing" }
  | { status: "deleted"; deletion: DeletionView }
  | {
      status: "saved";
      connection: { id: string; name: string; homeAccountId: string; names: { user: string; role: string }; targetAccountIds: string[]; accessKeyId: string | null };
      credentials: Awaited<ReturnType<typeof sessionCredentialsStatus>>;
      scheduledStatus: string | null;
      drift: { home: Finding[]; at: string | null; accounts: { accountId: string; failing: boolean; reason: string | null; findings: Finding[]; accessMethod: string }[] };
      webhook: { url: string | null; signed: boolean; lastStatus: string | null };
    };

/**
 * Everything the Manage page shows of one connection, for an administrator: the saved connection, the
 * session's AWS credentials status, drift and failing accounts, the webhook (whether a secret is set,
 * never the secret). A connection deleted from this page reads as its deletion; a draft as missing.
 */
export async function loadManagePage(user: Pick<SessionUser, "sessionId">, connectionId: string): Promise<ManagePage> {
  let connection;
  try {
    connection = await loadSavedConnection(connectionId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") {
      const event = await latestAuditEvent({ action: "connection.delete", entityType: "Connection", entityId: connectionId });
      return event ? { status: "deleted", deletion: deletionOf(event) } : { status: "missing" };
    }
    if (error instanceof AppError && error.code === "CONFLICT") return { status: "missing" };
    throw error;
  }
  const db = getDb();
  const [credentials, row, troubled] = await Promise.all([
    sessionCredentialsStatus(user.sessionId, connectionId),
    db.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { scheduledStatus: true, driftFindings: true, driftAt: true, webhookUrl: true, webhookLastStatus: true, webhookSecretSealed: true } }),
    db.targetAccount.findMany({
      where: { connectionId, OR: [{ driftFindings: { not: null } }, { lastTestStatus: "failed" }] },
      select: { accountId: true, lastTestStatus: true, lastTestReason: true, driftFindings: true, accessMethod: true },
      orderBy: { accountId: "asc" },
    }),
  ]);
  return {
    status: "saved",
    connection: { id: connection.id, name: connection.name, homeAccountId: connection.model.homeAccountId, names: { user: connection.model.names.user, role: connection.model.names.role }, targetAccountIds: connection.model.targetAccountIds, accessKeyId: connection.accessKeyId },
    credentials,
    scheduledStatus: row.scheduledStatus,
    drift: {
      home: parseFindings(row.driftFindings),
      at: row.driftAt?.toISOString() ?? null,
      accounts: troubled.map((t) => ({ accountId: t.accountId, failing: t.lastTestStatus === "failed", reason: t.lastTestReason, findings: parseFindings(t.driftFindings), accessMethod: t.accessMethod })),
    },
    webhook: { url: row.webhookUrl, signed: row.webhookSecretSealed !== null, lastStatus: row.webhookLastStatus },
  };
}
