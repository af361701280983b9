import "server-only";
import type { DbOrTx } from "@/lib/db";
import type { Finding } from "@/lib/model/types";
import { driftColumns } from "./drift-columns";

/**
 * Stores drift findings, the one writer of the drift columns: `home` (when given) on the connection,
 * each account's list on its target account; an empty list clears the account's drift.
 */
export async function saveDriftFindings(db: DbOrTx, input: { connectionId: string; home?: Finding[]; accounts: Record<string, Finding[]>; at: Date }): Promise<void> {
  if (input.home) await db.connection.update({ where: { id: input.connectionId }, data: driftColumns(input.home, input.at) });
  for (const [accountId, findings] of Object.entries(input.accounts)) {
    await db.targetAccount.updateMany({ where: { connectionId: input.connectionId, accountId }, data: driftColumns(findings, input.at) });
  }
}
