import "server-only";
import { getDb, type DbOrTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { roleAllows } from "@/lib/auth/roles";
import { DEFAULT_REGIONS } from "@/lib/model/regions";
import type { AccessModel } from "@/lib/model/types";
import { buildReadRolesPolicies } from "@/lib/policies/build-read-roles-policies";
import { roleArn, userArn } from "@/lib/policies/arns";
import { accountLinks, type AccessMapAccount, type AccessMapData } from "./access-map";
import { accountStatus } from "./account-status";
import { maskExternalId } from "@/lib/model/mask-external-id";
import { parseFindings } from "@/lib/drift/parse-findings";
import { readConnectionModel } from "./read-connection-model";

/**
 * One connection's access map. The read-roles policies are derived from the model exactly as the
 * rollout builds them (same split into `NAME`, `NAME-2`, ...), so each account links to the policy
 * that lists its role ARN. Two queries, whatever the number of accounts.
 */
export async function loadAccessMap(connectionId: string, viewer: { role: string }, options: { db?: DbOrTx } = {}): Promise<AccessMapData> {
  const db = options.db ?? getDb();
  const [connection, targets] = await Promise.all([
    db.connection.findUnique({ where: { id: connectionId }, select: { id: true, name: true, status: true, model: true, lastTestStatus: true, lastTestAt: true, driftFindings: true } }),
    db.targetAccount.findMany({
      where: { connectionId },
      orderBy: { accountId: "asc" },
      select: { accountId: true, name: true, lastTestStatus: true, lastTestAt: true, lastTestReason: true, lastTestFix: true, lastTestCheck: true, driftFindings: true },
    }),
  ]);
  if (!connection) throw new AppError("NOT_FOUND", "That connection does not exist.", { hint: "It may have been deleted." });
  const model = readConnectionModel(connection.model);
  const connectionDrift = parseFindings(connection.driftFindings);
  // Only the fields the read-roles split depends on matter; the rest satisfy the type.
  const shape: AccessModel = {
    connectionName: connection.name,
    sourceType: "Amazon Web Services",
    adapterType: "Direct",
    homeAccountId: model.homeAccountId ?? "000000000000",
    targetAccountIds: targets.map((t) => t.accountId),
    names: model.names,
    rolePath: model.rolePath,
    regions: [...DEFAULT_REGIONS],
    rdsScope: { kind: "all" },
    maxSessionDurationSeconds: 3600,
  };
  const policies = buildReadRolesPolicies(shape);
  const policyOf = new Map<string, number>();
  policies.forEach((p, i) => p.roleArns.forEach((arn) => policyOf.set(arn, i)));

  const accounts: AccessMapAccount[] = targets.map((t) => {
    const own = parseFindings(t.driftFindings);
    const drift = [...connectionDrift, ...own];
    const status = accountStatus({ lastTestStatus: t.lastTestStatus, hasDrift: t.driftFindings !== null || connection.driftFindings !== null });
    const arn = roleArn(model, t.accountId);
    return {
      accountId: t.accountId,
      name: t.name,
      status,
      policyIndex: policyOf.get(arn) ?? 0,
      roleArn: arn,
      lastTestAt: t.lastTestAt?.toISOString() ?? null,
      reason: t.lastTestReason,
      fix: t.lastTestFix,
      check: t.lastTestCheck,
      drift,
      links: accountLinks({ status, check: t.lastTestCheck, drift }),
    };
  });

  return {
    connection: {
      id: connection.id,
      name: connection.name,
      status: connection.status === "saved" ? "saved" : "draft",
      homeAccountId: model.homeAccountId,
      userName: model.names.user,
      userArn: model.homeAccountId ? userArn(model.homeAccountId, model.names.user) : null,
      externalId: roleAllows(viewer.role, "admin") ? model.externalId : maskExternalId(model.externalId),
      lastTestStatus: connection.lastTestStatus,
      lastTestAt: connection.lastTestAt?.toISOString() ?? null,
      drift: connectionDrift,
    },
    names: model.names,
    policies: policies.map((p) => ({ name: p.name, roleCount: p.roleArns.length })),
    accounts,
  };
}
