import "server-only";
import type { StaticCredentials } from "@/lib/aws/clients";
import { testAccountAsBeacon, type ConnectionCheck } from "@/lib/aws/connection-test";
import { getDb, type DbOrTx } from "@/lib/db";
import type { AccessModel } from "@/lib/model/types";
import { roleArn } from "@/lib/policies";
import { clientsFor } from "@/lib/connections/aws-access";
import { summarizeInventory } from "@/lib/connections/test-summary";

export interface ManualAccountCheck {
  accountId: string;
  roleArn: string;
  passed: boolean;
  /** The first failing call (e.g. `sts:AssumeRole`, `ec2:DescribeInstances`) with its cause and fix. */
  failedCheck: string | null;
  cause: string | null;
  fix: string | null;
  /** Calls that passed / were made, and what the beacon will see (instances over all regions). */
  passedChecks: number;
  totalChecks: number;
  /** null when an inventory call failed: the count is unknown, not 0. */
  instances: number | null;
  regions: number;
  checkedAt: string;
}

/** What was wrong, for an administrator checking their own work (not the collector's view of it). */
function explain(model: AccessModel, accountId: string, arn: string, failed: ConnectionCheck): { cause: string; fix: string } {
  if (failed.check === "sts:AssumeRole" && (failed.code ?? "").startsWith("AccessDenied")) {
    return {
      cause: `The role ${arn} cannot be assumed from the home account ${model.homeAccountId}${model.externalId ? " with the external ID" : ""}: it does not exist yet (or has another name or path), its trust policy does not name the home account${model.externalId ? ", or it requires another external ID" : ""}. AWS gives the same refusal for each of these.`,
      fix: `Create the inventory policy and the role in account ${accountId} exactly as shown for it (steps 2 and 4, or its setup script with --targets-only), then Verify again. A role created moments ago may take a minute to be usable.`,
    };
  }
  return { cause: failed.cause ?? `${failed.check} failed${failed.code ? ` (${failed.code})` : ""}.`, fix: failed.fix ?? "Compare the account with the documents shown for it and Verify again." };
}

/**
 * Verify of one target account the administrator set up by hand, with the home account's credentials:
 * assume its role with the external ID, as the beacon will, then make the beacon's inventory reads as
 * that role (the connection test's per-account checks). Read-only. The outcome is stored on the
 * account (setupStatus "done" or "failed" with cause and fix) so a reload shows it.
 */
export async function verifyManualAccount(input: { connectionId: string; accountId: string; model: AccessModel; home: StaticCredentials; db?: DbOrTx }): Promise<ManualAccountCheck> {
  const arn = roleArn(input.model, input.accountId);
  const clients = clientsFor(input.home);
  let result;
  try {
    result = await testAccountAsBeacon(clients, arn, { externalId: input.model.externalId, regions: input.model.regions });
  } finally {
    clients.destroy();
  }
  const failed = result.checks.find((c) => c.status === "failed");
  const why = failed ? explain(input.model, input.accountId, arn, failed) : null;
  const check: ManualAccountCheck = {
    accountId: input.accountId,
    roleArn: arn,
    passed: result.status === "passed",
    failedCheck: failed?.check ?? null,
    cause: why?.cause ?? null,
    fix: why?.fix ?? null,
    passedChecks: result.checks.filter((c) => c.status === "passed").length,
    totalChecks: result.checks.length,
    instances: summarizeInventory(result.inventory).instances,
    regions: input.model.regions.length,
    checkedAt: new Date().toISOString(),
  };
  await (input.db ?? getDb()).targetAccount.updateMany({
    where: { connectionId: input.connectionId, accountId: input.accountId },
    data: { setupStatus: check.passed ? "done" : "failed", setupError: why ? `${why.cause} Fix: ${why.fix}` : null },
  });
  return check;
}
