import "server-only";
import { DeleteAccessKeyCommand, ListAccessKeysCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { recordAudit } from "@/lib/audit";
import type { StaticCredentials } from "@/lib/aws/clients";
import { runConnectionTest } from "@/lib/aws/connection-test";
import { connectionFromEnv } from "@/lib/aws/connection-defaults";
import { createAccessKey, type ExistingKey } from "@/lib/aws/operations/create-access-key";
import { seal } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { startRun } from "@/lib/runs";
import { clientsFor } from "@/lib/connections/aws-access";
import { COLLECTOR_SECRET_PURPOSE } from "@/lib/connections/settings";
import { loadConnectionSettings } from "@/lib/connections/settings-store";
import { loadSavedConnection } from "@/lib/connections/admin-access";
import { keysInUse } from "@/lib/setup/create-collector-key";
import { OPERATE_RUN_KINDS } from "./run-kinds";

export interface KeyRotationPlan {
  userName: string;
  currentKeyId: string | null;
  keys: { accessKeyId: string; status: "Active" | "Inactive"; createDate: string | null; inUse: boolean }[];
  /** Two keys already: IAM refuses a third; the admin chooses which other key to delete first. */
  full: boolean;
  steps: string[];
}

type Actor = { id: string; email: string };

/** Read-only: the collector's keys and what rotation will do. */
export async function planKeyRotation(connectionId: string, admin: StaticCredentials): Promise<KeyRotationPlan> {
  const connection = await loadSavedConnection(connectionId);
  const home = clientsFor(admin);
  try {
    const listed = await home.iam.send(new ListAccessKeysCommand({ UserName: connection.model.names.user }));
    const keys = (listed.AccessKeyMetadata ?? []).map((k) => ({ accessKeyId: k.AccessKeyId ?? "", status: (k.Status === "Inactive" ? "Inactive" : "Active") as "Active" | "Inactive", createDate: k.CreateDate?.toISOString() ?? null, inUse: k.AccessKeyId === connection.accessKeyId }));
    const full = keys.length >= 2;
    return {
      userName: connection.model.names.user,
      currentKeyId: connection.accessKeyId,
      keys,
      full,
      steps: [
        ...(full ? ["Delete the other key you choose (IAM allows two keys per user; the key the beacon uses now cannot be chosen)"] : []),
        "Create a new access key for the collector user",
        "Wait until AWS accepts it, then run the connection test with it",
        "Store the new key (sealed); the beacon details download shows it",
        "Deactivate the old key",
        "After you confirm the beacon uses the new key: delete the old key",
      ],
    };
  } finally {
    home.destroy();
  }
}

/**
 * Rotates the collector's key as a run: [delete a chosen other key] → create → test with the new key →
 * store it → deactivate the old one. A new key that fails the test is deleted again and nothing else
 * changes. Deleting the old key is a separate, confirmed step (`deleteOldAccessKey`).
 */
export async function startKeyRotation(input: { connectionId: string; userId: string; actor: Actor; ip: string | null; retireKeyId?: string }, admin: StaticCredentials): Promise<{ runId: string }> {
  const connection = await loadSavedConnection(input.connectionId);
  if (input.retireKeyId && input.retireKeyId === connection.accessKeyId) {
    throw new AppError("VALIDATION", "That is the key the beacon uses now; choose the other key to delete.", { fieldErrors: { retireKeyId: ["Choose the key that is not in use."] } });
  }
  const userName = connection.model.names.user;
  return startRun({ kind: OPERATE_RUN_KINDS.rotateKey, connectionId: input.connectionId, createdById: input.userId, total: 1 }, async (ctx) => {
    const home = clientsFor(admin);
    try {
      if (input.retireKeyId) {
        ctx.emit({ step: "retire-other-key", status: "running", message: `Deleting key ${input.retireKeyId} to make room (you chose it)` });
        await home.iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: input.retireKeyId, Status: "Inactive" }));
        await home.iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: input.retireKeyId }));
        ctx.emit({ step: "retire-other-key", status: "done", message: `Deleted key ${input.retireKeyId}` });
        await recordAudit({ action: "connection.access-key-delete", actor: input.actor, ip: input.ip, entityType: "Connection", entityId: input.connectionId, before: { accessKeyId: input.retireKeyId }, after: { deleted: true, reason: "make room for rotation" } });
      }
      ctx.emit({ step: "create-key", status: "running", message: `Creating a new access key for ${userName}` });
      const created = await createAccessKey(home, { userName, waitUntilUsable: { windowMs: 60_000 }, inUse: await keysInUse(input.connectionId) });
      if (created.status === "refused") {
        ctx.emit({ step: "create-key", status: "failed", message: created.reason, details: { keys: created.keys as ExistingKey[] as unknown[] } });
        return { status: "failed", result: { refused: true as const, keys: created.keys, retireSuggestion: created.retireSuggestion }, error: `${created.reason} Choose which key to delete on this page and rotate again.` };
      }
      const fresh = created.credentials;
      ctx.emit({ step: "create-key", status: "done", message: `Created ${fresh.accessKeyId}; AWS accepts it` });
      ctx.emit({ step: "test-new-key", status: "running", message: "Running the connection test with the new key" });
      const settings = await loadConnectionSettings(input.connectionId);
      const test = await runConnectionTest({
        credentials: fresh,
        externalId: connection.model.externalId,
        regions: connection.model.regions,
        connection: { ...connectionFromEnv(env()), proxy: settings.proxy, retry: { maxAttempts: 3 } },
        expectedAccountIds: connection.model.targetAccountIds,
        newKeyPropagation: { windowMs: 60_000 },
        signal: ctx.signal,
      });
      if (!test.ok) {
        await home.iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: fresh.accessKeyId })).catch(() => undefined);
        const why = [...test.checks, ...test.accounts.flatMap((a) => a.checks)].find((c) => c.status === "failed")?.cause ?? "see the events";
        ctx.emit({ step: "test-new-key", status: "failed", message: `The test failed with the new key (${why}); the new key was deleted and the old one is still in use.` });
        return { status: "failed", error: "The connection test failed with the new key; nothing changed (the new key was deleted)." };
      }
      ctx.emit({ step: "test-new-key", status: "done", message: `Test connection succeeded with ${fresh.accessKeyId} (${test.accounts.length} account(s))` });
      const oldKeyId = connection.accessKeyId;
      await getDb().$transaction(async (tx) => {
        await tx.connection.update({ where: { id: input.connectionId }, data: { accessKeyId: fresh.accessKeyId, secretAccessKeySealed: seal(fresh.secretAccessKey, COLLECTOR_SECRET_PURPOSE), lastTestStatus: "passed", lastTestAt: new Date() } });
        await recordAudit({ action: "connection.rotate-key", actor: input.actor, ip: input.ip, entityType: "Connection", entityId: input.connectionId, before: { accessKeyId: oldKeyId }, after: { accessKeyId: fresh.accessKeyId, runId: ctx.runId } }, { db: tx });
      });
      ctx.emit({ step: "store-key", status: "done", message: "Stored the new key (sealed); download the beacon details again and update the beacon's connection" });
      if (oldKeyId) {
        ctx.emit({ step: "deactivate-old-key", status: "running", message: `Deactivating the old key ${oldKeyId}` });
        try {
          await home.iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: oldKeyId, Status: "Inactive" }));
          ctx.emit({ step: "deactivate-old-key", status: "done", message: `Deactivated ${oldKeyId}; delete it once the beacon uses the new key` });
        } catch {
          ctx.emit({ step: "deactivate-old-key", status: "failed", message: `Could not deactivate ${oldKeyId} (it may already be gone)` });
        }
      }
      ctx.progress({ completed: 1 });
      return { status: "succeeded", result: { newKeyId: fresh.accessKeyId, oldKeyId, oldKeyStatus: "Inactive" as const } };
    } finally {
      home.destroy();
    }
  });
}

/** The confirmed last step of a rotation: deletes an old, inactive key that the connection no longer uses. */
export async function deleteOldAccessKey(input: { connectionId: string; accessKeyId: string }, admin: StaticCredentials): Promise<{ before: unknown; after: unknown }> {
  const connection = await loadSavedConnection(input.connectionId);
  if (input.accessKeyId === connection.accessKeyId) throw new AppError("VALIDATION", "That is the key the connection uses now; it cannot be deleted here.");
  const home = clientsFor(admin);
  try {
    const listed = await home.iam.send(new ListAccessKeysCommand({ UserName: connection.model.names.user }));
    const key = (listed.AccessKeyMetadata ?? []).find((k) => k.AccessKeyId === input.accessKeyId);
    if (!key) throw new AppError("NOT_FOUND", `Key ${input.accessKeyId} does not exist (any more) for ${connection.model.names.user}.`);
    if (key.Status !== "Inactive") throw new AppError("CONFLICT", `Key ${input.accessKeyId} is still active.`, { hint: "Rotation deactivates the old key first; deactivate it, check that the beacon still collects, then delete it." });
    await home.iam.send(new DeleteAccessKeyCommand({ UserName: connection.model.names.user, AccessKeyId: input.accessKeyId }));
    return { before: { accessKeyId: input.accessKeyId, status: "Inactive" }, after: { deleted: true } };
  } finally {
    home.destroy();
  }
}
