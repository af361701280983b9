import "server-only";
import { getDb } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { endAllSessions } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";
import { assertAnotherActiveAdmin } from "./guard-last-admin";
import type { Actor } from "./types";

/** Disabling also deletes the user's sessions, so they are signed out at their next request. */
export async function setUserDisabled(input: { userId: string; disabled: boolean }, actor: Actor): Promise<{ changed: boolean }> {
  return getDb().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId } });
    if (!user) throw new AppError("NOT_FOUND", "No such user.");
    if (user.disabled === input.disabled) return { changed: false };
    if (input.disabled && user.role === "admin") await assertAnotherActiveAdmin(tx, user.id);
    await tx.user.update({ where: { id: user.id }, data: { disabled: input.disabled } });
    if (input.disabled) await endAllSessions(user.id, tx);
    await recordAudit(
      { action: input.disabled ? "user.disable" : "user.enable", actor: { id: actor.userId, email: actor.email }, entityType: "User", entityId: user.id, before: { email: user.email, disabled: user.disabled }, after: { email: user.email, disabled: input.disabled }, ip: actor.ip },
      { db: tx },
    );
    return { changed: true };
  });
}
