import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { hashPassword, verifyPassword } from "./hash";
import { checkLoginLimit, clearAccountFailures, recordLoginFailure } from "./login-limiter";
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
}

export function rateLimitedError(retryAt: Date, scope: "account" | "address" | undefined, now = new Date()): AppError {
  const who = scope === "address" ? "from this address" : "for this account";
  return new AppError("RATE_LIMITED", `Too many failed sign-in attempts ${who}. Try again ${describeRetry(retryAt, now)}.`);
}

/**
 * Checks credentials with rate limiting and auditing. Throws AppError RATE_LIMITED or UNAUTHENTICATED
 * (one message for unknown email and wrong password, so accounts cannot be enumerated).
 */
export async function authenticate(input: { email: string; password: string; ip: string | null; userAgent: string | null }): Promise<AuthenticatedUser> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) throw new AppError("UNAUTHENTICATED", "Invalid email or password.");
  const { email, password } = parsed.data;
  const { ip, userAgent } = input;

  const limit = await checkLoginLimit(email, ip);
  if (limit.limited && limit.retryAt) {
    await recordAudit({ action: "auth.login.blocked", actor: { id: null, email }, ip, after: { scope: limit.scope } });
    throw rateLimitedError(limit.retryAt, limit.scope);
  }

  const user = await getDb().user.findUnique({ where: { email }, omit: { passwordHash: false } });
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await hashPassword(password), false);
  if (!user || !ok) {
    await recordLoginFailure(email, ip);
    await recordAudit({ action: "auth.login.failed", actor: { id: user?.id ?? null, email }, entityType: "User", entityId: user?.id ?? null, ip });
    throw new AppError("UNAUTHENTICATED", "Invalid email or password.");
  }
  if (user.disabled) {
    await recordAudit({ action: "auth.login.refused", actor: { id: user.id, email }, entityType: "User", entityId: user.id, ip, after: { reason: "disabled" } });
    throw new AppError("FORBIDDEN", "This account is disabled. Ask an administrator to enable it.");
  }
  await clearAccountFailures(email);
  const sessionToken = await createSession(user.id, { ip, userAgent });
  await recordAudit({ action: "auth.login", actor: { id: user.id, email }, entityType: "User", entityId: user.id, ip });
  return { id: user.id, email: user.email, name: user.name, sessionToken };
}
