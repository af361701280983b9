import "server-only";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** Refuses a change that would leave no enabled administrator (nobody could manage users any more). */
export async function assertAnotherActiveAdmin(tx: Tx, userId: string): Promise<void> {
  const others = await tx.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
  if (others === 0) {
    throw new AppError("CONFLICT", "This is the last active administrator.", { hint: "Make another user an administrator first." });
  }
}
