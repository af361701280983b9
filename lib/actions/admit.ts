import "server-only";
import { recordAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/session";
import { roleAllows, type Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";

/** Refusals admit() already wrote to the audit trail (as auth.denied): the wrappers do not audit them again. */
const audited = new WeakSet<Error>();
export function isAuditedDenial(error: unknown): boolean {
  return error instanceof Error && audited.has(error);
}

/**
 * The session rules every door applies after loading the session from the database: server actions
 * (`action()`), route handlers (`route()`); pages apply the same through `requireSession()` as redirects.
 * Signed in, the role, and no password change pending.
 */
export async function admit(
  user: SessionUser | null,
  options: { role: Role; allowPasswordChangeDue?: boolean; attempted: string; ip: string | null; unauthenticated: () => AppError | Promise<AppError> },
): Promise<SessionUser> {
  if (!user) throw await options.unauthenticated();
  if (!roleAllows(user.role, options.role)) {
    await recordAudit({ action: "auth.denied", actor: { id: user.userId, email: user.email }, ip: options.ip, after: { attempted: options.attempted, required: options.role } });
    const denied = new AppError("FORBIDDEN", "You are not allowed to do that.", { hint: "Ask an administrator." });
    audited.add(denied);
    throw denied;
  }
  if (user.mustChangePassword && !options.allowPasswordChangeDue) {
    throw new AppError("FORBIDDEN", "Change your password first (Account page).");
  }
  return user;
}
