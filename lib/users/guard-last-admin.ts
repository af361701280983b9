import "server-only";
import { hasOtherActiveAdmin } from "@/lib/auth/other-active-admins";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** Refuses a change that would leave no enabled administrator (nobody could manage users any more). */
export async function assertAnotherActiveAdmin(tx: Tx, userId: string): Promise<void> {
  if (!(await hasOtherActiveAdmin(tx, userId))) {
    throw new AppError("CONFLICT", "This is the last active administrator.", { hint: "Make another user an administrator first." });
  }
}
