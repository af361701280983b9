import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { env } from "@/lib/env";
import { checkPassword } from "./check-password";
import { issueDeviceToken } from "./device-cookie";
import type { LimitScope } from "./login-limiter";
import { describeRetry } from "./rate-limit-policy";
import { createSession } from "./sessions";

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(254),
  password: z.string().min(1, "Enter your password.").max(1024),
});

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  /** The new session's token, carried in the encrypted JWT. */
  sessionToken: string;
  /** A fresh device cookie value naming this user (lib/auth/device-cookie.ts). */
  deviceToken: string;
}

export function rateLimitedError(retryAt: Date, scope: LimitScope | undefined, now = new Date()): AppError {
  const who = scope === "address" ? "from this address" : scope === "device" ? "from this browser" : "for this account";
  return new AppError("RATE_LIMITED", `Too many failed sign-in attempts ${who}. Try again ${describeRetry(retryAt, now)}.`);
}

/**
 * Checks credentials with rate limiting and auditing. Throws AppError RATE_LIMITED or UNAUTHENTICATED
 * (one message for unknown email and wrong password, so accounts cannot be enumerated).
 */
export async function authenticate(input: { email: string; password: string; ip: string | null; userAgent: string | null; deviceToken?: string | null }): Promise<AuthenticatedUser> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) throw new AppError("UNAUTHENTICATED", "Invalid email or password.");
  const { email, password } = parsed.data;
  const { ip, userAgent } = input;

  const check = await checkPassword({ email, password, ip, deviceToken: input.deviceToken });
  if (check.kind === "limited") {
    await recordAudit({ action: "auth.login.blocked", actor: { id: null, email }, ip, after: { scope: check.scope } });
    throw rateLimitedError(check.retryAt, check.scope);
  }
  if (check.kind === "wrong") {
    await recordAudit({ action: "auth.login.failed", actor: { id: check.userId, email }, entityType: "User", entityId: check.userId, ip });
    throw new AppError("UNAUTHENTICATED", "Invalid email or password.");
  }
  const { user } = check;
  if (user.disabled) {
    await recordAudit({ action: "auth.login.refused", actor: { id: user.id, email }, entityType: "User", entityId: user.id, ip, after: { reason: "disabled" } });
    throw new AppError("FORBIDDEN", "This account is disabled. Ask an administrator to enable it.");
  }
  // BEACONPORT_LOCAL_LOGIN=off: passwords open nothing but the break-glass administrator's account. Checked
  // after the password, so a wrong one reads the same for every account and the break-glass one is not revealed.
  const local = env().localLogin;
  if (!local.enabled && !(user.email === local.breakGlassAdmin && user.role === "admin")) {
    await recordAudit({ action: "auth.login.refused", actor: { id: user.id, email }, entityType: "User", entityId: user.id, ip, after: { reason: "local-login-off" } });
    throw new AppError("FORBIDDEN", "Password sign-in is turned off.", { hint: `Use "Sign in with ${env().oidc?.name ?? "single sign-on"}".` });
  }
  const breakGlass = !local.enabled;
  const sessionToken = await createSession(user.id, { ip, userAgent });
  await recordAudit({ action: "auth.login", actor: { id: user.id, email }, entityType: "User", entityId: user.id, ip, ...(breakGlass ? { after: { method: "password", breakGlass: true } } : {}) });
  return { id: user.id, email: user.email, name: user.name, sessionToken, deviceToken: issueDeviceToken(user.email) };
}
