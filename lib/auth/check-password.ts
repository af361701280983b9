import "server-only";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db";
import { trustedDeviceId } from "./device-cookie";
import { verifyPassword } from "./hash";
import { accountKey, addressKey, deviceKey, pruneCounters, releaseAttempt, reserveAttempt, type LimitKey, type LimitScope } from "./login-limiter";

export interface PasswordCheckInput {
  email: string;
  password: string;
  ip: string | null;
  /** The browser's device cookie, if any (lib/auth/device-cookie.ts). */
  deviceToken?: string | null;
}

export type PasswordCheckOutcome =
  | { kind: "limited"; scope: LimitScope; retryAt: Date }
  | { kind: "wrong"; userId: string | null }
  | { kind: "ok"; user: { id: string; email: string; name: string; role: string; disabled: boolean } };

/**
 * Every place that checks a password (sign-in, re-entering it to change it or to see secrets) goes
 * through here, so each check counts against the same limits. The attempt is reserved before the
 * password is verified; a right password gives its reservation back.
 *
 * A client with a valid device cookie for this email is limited on that device's counter alone;
 * everyone else shares the account's counter and their address's.
 */
export async function checkPassword(input: PasswordCheckInput, now = new Date()): Promise<PasswordCheckOutcome> {
  const { login } = env();
  const email = input.email.trim().toLowerCase();
  const device = trustedDeviceId(input.deviceToken, email, now);
  const keys: LimitKey[] = device
    ? [{ key: deviceKey(device), scope: "device", max: login.maxFailuresPerAccount }]
    : [{ key: accountKey(email), scope: "account", max: login.maxFailuresPerAccount }, ...(input.ip ? [{ key: addressKey(input.ip), scope: "address" as const, max: login.maxFailuresPerAddress }] : [])];
  const reserved = await reserveAttempt(keys, now);
  if (!reserved.ok) return { kind: "limited", scope: reserved.scope, retryAt: reserved.retryAt };

  const user = await getDb().user.findUnique({ where: { email }, omit: { passwordHash: false } });
  // verifyPassword spends a hash's time on a missing hash too: unknown accounts answer as slowly.
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !ok) {
    await pruneCounters(now);
    return { kind: "wrong", userId: user?.id ?? null };
  }
  await releaseAttempt(reserved.reservation);
  return { kind: "ok", user: { id: user.id, email: user.email, name: user.name, role: user.role, disabled: user.disabled } };
}
