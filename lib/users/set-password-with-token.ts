import "server-only";
import { getDb } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/hash";
import { endAllSessions } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";
import { hashToken } from "./one-time-secrets";

const INVALID = "This link is invalid, expired or already used. Ask an administrator for a new one.";

/** Looks up a set-password link without using it (for the page). */
export async function findSetPasswordToken(token: string, now = new Date()): Promise<{ email: string; name: string } | null> {
  const row = await getDb().passwordToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || row.usedAt || row.expiresAt <= now || row.user.disabled) return null;
  return { email: row.user.email, name: row.user.name };
}

/**
 * Uses a set-password link, once, on whichever instance it arrives: a single conditional update spends the
 * token (only one of concurrent uses matches `usedAt: null`; on PostgreSQL the others wait for its row lock
 * and then match nothing), in the same transaction as the password change, so a refused or failed change
 * leaves the link unused.
 */
export async function setPasswordWithToken(input: { token: string; password: string }, meta: { ip: string | null }, now = new Date()): Promise<{ email: string }> {
  const passwordHash = await hashPassword(input.password);
  const tokenHash = hashToken(input.token);
  return getDb().$transaction(async (tx) => {
    const claimed = await tx.passwordToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count !== 1) throw new AppError("NOT_FOUND", INVALID);
    const row = await tx.passwordToken.findUniqueOrThrow({ where: { tokenHash }, include: { user: true } });
    // Throwing rolls the spend back: the link stays usable once the user is enabled again.
    if (row.user.disabled) throw new AppError("NOT_FOUND", INVALID);
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash, mustChangePassword: false } });
    await endAllSessions(row.userId, tx);
    await recordAudit({ action: "user.set-password", actor: { id: row.userId, email: row.user.email }, entityType: "User", entityId: row.userId, ip: meta.ip }, { db: tx });
    return { email: row.user.email };
  });
}
