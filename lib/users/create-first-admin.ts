import "server-only";
import { getDb, isUniqueViolation } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/hash";
import { spendSetupToken, verifySetupToken } from "@/lib/auth/setup-token";
import { AppError } from "@/lib/errors";
import { auditUser } from "./to-user-view";

/**
 * Creates the first administrator, exactly once. The "no user yet" check and the insert share one
 * transaction, and the Installation row's fixed primary key makes a second success impossible even
 * when two requests race (the loser hits a unique violation and gets CONFLICT). It needs the setup token
 * printed at server start (lib/auth/setup-token.ts), spent in the same transaction.
 */
export async function createFirstAdmin(input: { email: string; name: string; password: string; setupToken: string }, meta: { ip: string | null }): Promise<{ userId: string }> {
  if ((await getDb().installation.findUnique({ where: { id: 1 } })) || (await getDb().user.count()) > 0) {
    throw new AppError("CONFLICT", "Beaconport is already set up. Sign in instead.");
  }
  await verifySetupToken(input.setupToken, meta.ip);
  const passwordHash = await hashPassword(input.password);
  try {
    return await getDb().$transaction(async (tx) => {
      if ((await tx.installation.findUnique({ where: { id: 1 } })) || (await tx.user.count()) > 0) {
        throw new AppError("CONFLICT", "Beaconport is already set up. Sign in instead.");
      }
      await spendSetupToken(tx, input.setupToken);
      await tx.installation.create({ data: { id: 1 } });
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash, role: "admin" } });
      await recordAudit({ action: "setup.first-admin", actor: { id: user.id, email: user.email }, entityType: "User", entityId: user.id, after: auditUser(user), ip: meta.ip }, { db: tx });
      return { userId: user.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "Beaconport is already set up. Sign in instead.");
    throw error;
  }
}
