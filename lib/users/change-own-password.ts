import "server-only";
import { getDb } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { hashPassword, verifyPassword } from "@/lib/auth/hash";
import { endAllSessions } from "@/lib/auth/sessions";
import { passwordProblems } from "@/lib/auth/password-rule";
import { AppError } from "@/lib/errors";
import type { Actor } from "./types";

/** Changes the caller's password after checking the current one; other browsers are signed out. */
export async function changeOwnPassword(input: { currentPassword: string; password: string }, actor: Actor & { sessionId: string }): Promise<void> {
  const problems = passwordProblems(input.password, { email: actor.email });
  if (problems.length) throw new AppError("VALIDATION", "Please correct the highlighted fields.", { fieldErrors: { password: problems } });
  const db = getDb();
  const user = await db.user.findUnique({ where: { id: actor.userId }, omit: { passwordHash: false } });
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("VALIDATION", "The current password is not correct.", { fieldErrors: { currentPassword: ["The current password is not correct."] } });
  }
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
