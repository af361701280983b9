import "server-only";
import { getDb } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import type { Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { assertAnotherActiveAdmin } from "./guard-last-admin";
import type { Actor } from "./types";

export async function changeRole(input: { userId: string; role: Role }, actor: Actor): Promise<{ changed: boolean }> {
  return getDb().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId } });
    if (!user) throw new AppError("NOT_FOUND", "No such user.");
    if (user.role === input.role) return { changed: false };
    if (user.role === "admin" && !user.disabled) await assertAnotherActiveAdmin(tx, user.id);
    await tx.user.update({ where: { id: user.id }, data: { role: input.role } });
    await recordAudit(
      { action: "user.role", actor: { id: actor.userId, email: actor.email }, entityType: "User", entityId: user.id, before: { email: user.email, role: user.role }, after: { email: user.email, role: input.role }, ip: actor.ip },
      { db: tx },
    );
    return { changed: true };
  });
}
