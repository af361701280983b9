import "server-only";
import type { StaticCredentials } from "@/lib/aws/clients";
import { createAccessKey, type ExistingKey } from "@/lib/aws/operations/create-access-key";
import { seal } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { clientsFor } from "@/lib/connections/aws-access";
import { COLLECTOR_SECRET_PURPOSE } from "@/lib/connections/settings";
import { updateProgress } from "@/lib/connections/repository";
import { SCHEDULED_TEST_RUN, scheduledTestKeyOf } from "@/lib/schedule/schedule-run-kind";

export type CollectorKeyResult =
  | { status: "created"; userName: string; accessKeyId: string; secretAccessKey: string; accountId: string }
  | { status: "refused"; userName: string; reason: string; keys: ExistingKey[]; retireSuggestion: string };

/**
 * Step 6.8: the collector's access key. The secret is returned to the caller once (for the one-time
 * display and the CSV) and stored only sealed, for the beacon details download and the connection
 * test. A user that already has two keys is not touched: the admin chooses what to retire.
 */
/**
 * Keys never to suggest for retirement: the connection's stored key (what the beacon details hand
 * out) and the key the last scheduled test signed in with.
 */
export async function keysInUse(connectionId: string): Promise<string[]> {
  const db = getDb();
  const [connection, scheduled] = await Promise.all([
    db.connection.findUnique({ where: { id: connectionId }, select: { accessKeyId: true } }),
    db.run.findFirst({ where: { connectionId, kind: SCHEDULED_TEST_RUN.id, result: { not: null } }, orderBy: { createdAt: "desc" }, select: { result: true } }),
  ]);
  let stored: unknown = null;
  try {
    stored = scheduled?.result ? JSON.parse(scheduled.result) : null;
  } catch {
    stored = null;
  }
  return [connection?.accessKeyId, scheduledTestKeyOf(stored)].filter((k): k is string => typeof k === "string" && k !== "");
}

export async function createCollectorKey(input: { connectionId: string; home: StaticCredentials; homeAccountId: string; userName: string }): Promise<CollectorKeyResult> {
  const clients = clientsFor(input.home);
  try {
    const out = await createAccessKey(clients, { userName: input.userName, waitUntilUsable: false, inUse: await keysInUse(input.connectionId) });
    if (out.status === "refused") return { status: "refused", userName: input.userName, reason: out.reason, keys: out.keys, retireSuggestion: out.retireSuggestion };
    const { accessKeyId, secretAccessKey } = out.credentials;
    await getDb().$transaction(async (tx) => {
      await tx.connection.update({
        where: { id: input.connectionId },
        data: { accessKeyId, secretAccessKeySealed: seal(secretAccessKey, COLLECTOR_SECRET_PURPOSE), lastTestStatus: null },
      });
      await updateProgress(input.connectionId, { accessKey: { status: "created", accessKeyId, userName: input.userName, at: new Date().toISOString() } }, { db: tx });
    });
    return { status: "created", userName: input.userName, accessKeyId, secretAccessKey, accountId: input.homeAccountId };
  } finally {
    clients.destroy();
  }
}
