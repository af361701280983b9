import "server-only";
import type { Tx } from "@/lib/db";

/**
 * Whether an enabled administrator other than `userId` exists. Beaconport always keeps one: the Users page
 * refuses to demote or disable the last (lib/users/guard-last-admin.ts), and single sign-on keeps the last
 * one an administrator when the provider's groups say otherwise (lib/auth/sso-sign-in.ts).
 */
export async function hasOtherActiveAdmin(tx: Tx, userId: string): Promise<boolean> {
  return (await tx.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } })) > 0;
}
