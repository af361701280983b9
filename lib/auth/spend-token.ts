import "server-only";
import { createHash } from "node:crypto";
import { getDb, isUniqueViolation, type DbOrTx } from "@/lib/db";

/**
 * Spends a single-use token in the database: true the first time, false ever after, whichever portal
 * instance each use reaches (a set of spent nonces in memory is per process). Inserting the row is the
 * spend; a second insert hits the primary key. Only a hash of purpose and nonce is stored. The row is
 * kept until the token would have expired anyway; expired rows are pruned on the way.
 */
export async function spendToken(input: { purpose: string; nonce: string; expiresAt: Date }, options: { db?: DbOrTx; now?: Date } = {}): Promise<boolean> {
  const db = options.db ?? getDb();
  const id = createHash("sha256").update(`${input.purpose}\0${input.nonce}`).digest("hex");
  await db.spentToken.deleteMany({ where: { expiresAt: { lt: options.now ?? new Date() } } });
  try {
    await db.spentToken.create({ data: { id, purpose: input.purpose, expiresAt: input.expiresAt } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
