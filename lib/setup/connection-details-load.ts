import "server-only";
import { unseal } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { roleArn } from "@/lib/policies";
import { buildConnectionDetails, type ConnectionDetails } from "./connection-details";
import { COLLECTOR_SECRET_PURPOSE, PROXY_PASSWORD_PURPOSE } from "@/lib/connections/settings";
import { readModel } from "@/lib/connections/settings-store";

/**
 * The details file of one connection for one caller. Secrets are unsealed only when `includeSecrets`
 * (an administrator who just re-entered their password); reviewers also get a masked external ID.
 */
export async function loadConnectionDetails(input: { connectionId: string; includeSecrets: boolean; maskExternalId: boolean; generatedBy: string }): Promise<ConnectionDetails> {
  const db = getDb();
  const row = await db.connection.findUnique({
    where: { id: input.connectionId },
    omit: { secretAccessKeySealed: false, proxyPasswordSealed: false },
    include: { schedule: true, targets: { select: { accountId: true }, orderBy: { accountId: "asc" } } },
  });
  if (!row) throw new AppError("NOT_FOUND", "That connection does not exist.");
  const model = readModel(row.model);
  const accountIds = [...new Set([...model.targetAccountIds, ...row.targets.map((t) => t.accountId)])].sort();
  return buildConnectionDetails({
    connectionName: row.name,
    status: row.status,
    accessKeyId: row.accessKeyId,
    secretAccessKey: input.includeSecrets && row.secretAccessKeySealed ? unseal(row.secretAccessKeySealed, COLLECTOR_SECRET_PURPOSE) : null,
    secretAccessKeyStored: row.secretAccessKeySealed !== null,
    externalId: model.externalId ?? null,
    maskExternalId: input.maskExternalId,
    proxy: model.proxy
      ? {
          server: model.proxy.server,
          username: model.proxy.username ?? null,
          password: input.includeSecrets && row.proxyPasswordSealed ? unseal(row.proxyPasswordSealed, PROXY_PASSWORD_PURPOSE) : null,
          passwordStored: row.proxyPasswordSealed !== null,
        }
      : null,
    schedule: row.schedule ? { name: row.schedule.name, intervalMinutes: row.schedule.intervalMinutes, nextRunAt: row.schedule.nextRunAt?.toISOString() ?? null } : null,
    lastTest: { status: row.lastTestStatus, at: row.lastTestAt?.toISOString() ?? null },
    accounts: accountIds.map((accountId) => ({ accountId, roleArn: roleArn(model, accountId) })),
    includeSecrets: input.includeSecrets,
    generatedAt: new Date(),
    generatedBy: input.generatedBy,
  });
}
