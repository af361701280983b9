import "server-only";
import { getDb } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/hash";
import { endAllSessions } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";
import { generateInitialPassword, issueSetPasswordToken } from "./one-time-secrets";
import type { NewUserCredential } from "./create-user";
import type { Actor } from "./types";

/** An administrator resets someone's password: the old one stops working and their sessions end. */
export async function resetPassword(input: { userId: string; credential: "initial-password" | "set-password-link" }, actor: Actor): Promise<{ credential: NewUserCredential }> {
  const password = input.credential === "initial-password" ? generateInitialPassword() : null;
  const passwordHash = password ? await hashPassword(password) : null;
  return getDb().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId } });
    if (!user) throw new AppError("NOT_FOUND", "No such user.");
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: true } });
    await tx.passwordToken.deleteMany({ where: { userId: user.id, usedAt: null } });
    await endAllSessions(user.id, tx);
    const credential: NewUserCredential = password
      ? { kind: "initial-password", password }
      : { kind: "set-password-link", token: await issueSetPasswordToken(tx, user.id) };
    await recordAudit(
      { action: "user.reset-password", actor: { id: actor.userId, email: actor.email }, entityType: "User", entityId: user.id, after: { email: user.email, credential: input.credential }, ip: actor.ip },
      { db: tx },
    );
    return { credential };
  });
}
