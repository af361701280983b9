import "server-only";
import { getDb } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { checkPassword } from "@/lib/auth/check-password";
import { hashPassword, verifyPassword } from "@/lib/auth/hash";
import { endAllSessions } from "@/lib/auth/sessions";
import { passwordProblems } from "@/lib/auth/password-rule";
import { AppError } from "@/lib/errors";
import { rateLimitedError } from "@/lib/auth/authenticate";
import type { Actor } from "./types";

/**
 * Changes the caller's password after checking the current one; other browsers are signed out.
 * The new password's rule is checked before the current password is looked at, so a refusal for the
 * rule says nothing about the current one; the check itself counts against the sign-in limits
 * (lib/auth/check-password.ts) and a wrong or blocked one is audited.
 */
export async function changeOwnPassword(input: { currentPassword: string; password: string; deviceToken?: string | null }, actor: Actor & { sessionId: string }): Promise<void> {
  const problems = passwordProblems(input.password, { email: actor.email });
  if (problems.length) throw new AppError("VALIDATION", "Please correct the highlighted fields.", { fieldErrors: { password: problems } });
  const db = getDb();
  const check = await checkPassword({ email: actor.email, password: input.currentPassword, ip: actor.ip, deviceToken: input.deviceToken });
  const refused = (reason: string) =>
    recordAudit({ action: "user.change-password.refused", actor: { id: actor.userId, email: actor.email }, entityType: "User", entityId: actor.userId, ip: actor.ip, after: { reason } });
  if (check.kind === "limited") {
    await refused("rate limited");
    throw rateLimitedError(check.retryAt, check.scope);
  }
  if (check.kind !== "ok" || check.user.id !== actor.userId) {
    await refused("wrong current password");
    throw new AppError("VALIDATION", "The current password is not correct.", { fieldErrors: { currentPassword: ["The current password is not correct."] } });
  }
  const user = await db.user.findUnique({ where: { id: actor.userId }, omit: { passwordHash: false } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
  if (await verifyPassword(user.passwordHash, input.password)) {
    throw new AppError("VALIDATION", "Choose a password different from the current one.", { fieldErrors: { password: ["Choose a password different from the current one."] } });
  }
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false } });
    await endAllSessions(user.id, tx, actor.sessionId);
    await recordAudit({ action: "user.change-password", actor: { id: actor.userId, email: actor.email }, entityType: "User", entityId: user.id, ip: actor.ip }, { db: tx });
  });
}
