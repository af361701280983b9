import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { getDb, type DbOrTx } from "@/lib/db";
import { isRole, type Role } from "./roles";

/** What the app knows about the signed-in user: small, plain, no secrets. */
export interface SessionUser {
  userId: string;
  email: string;
  name: string;
  role: Role;
  mustChangePassword: boolean;
  /** Opaque id of this browser's session row (a hash, not the cookie token). */
  sessionId: string;
}

/**
 * Writing lastSeenAt on every request would turn every page view into a write. A minute is precise enough
 * for an idle timeout of hours; a short one (BEACONPORT_SESSION_IDLE_HOURS may be a fraction) is touched
 * every tenth of its length, or a session in use would time out as if it sat idle.
 */
export function touchAfterMs(idleMs: number): number {
  return Math.min(60_000, idleMs / 10);
}

function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Starts a server-side session; the returned token goes into the (encrypted) JWT only. */
export async function createSession(userId: string, meta: { ip: string | null; userAgent: string | null }, db: DbOrTx = getDb()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await db.session.create({
    data: { id: sessionIdOf(token), userId, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) ?? null, createdAt: now, lastSeenAt: now },
  });
  await db.user.update({ where: { id: userId }, data: { lastSeenAt: now } });
  return token;
}

/**
 * Resolves a session token to its user, enforcing everything that can end a session: the row was
 * deleted (sign-out, disable, password reset), the user is disabled or gone, it sat idle too long, or it
 * is older than the absolute lifetime (BEACONPORT_SESSION_MAX_AGE_HOURS).
 */
export async function resolveSession(token: string | undefined | null, now = new Date()): Promise<SessionUser | null> {
  if (!token) return null;
  const db = getDb();
  const id = sessionIdOf(token);
  const session = await db.session.findUnique({ where: { id }, include: { user: true } });
  if (!session) return null;
  const { user } = session;
  if (user.disabled || !isRole(user.role)) return null;
  // The idle timeout, and the absolute lifetime from sign-in that no amount of activity extends.
  if (now.getTime() - session.lastSeenAt.getTime() > env().sessionIdleMs || now.getTime() - session.createdAt.getTime() > env().sessionMaxAgeMs) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > touchAfterMs(env().sessionIdleMs)) {
    await db.session.updateMany({ where: { id }, data: { lastSeenAt: now } });
    await db.user.updateMany({ where: { id: user.id }, data: { lastSeenAt: now } });
  }
  return { userId: user.id, email: user.email, name: user.name, role: user.role, mustChangePassword: user.mustChangePassword, sessionId: id };
}

export async function endSession(token: string | undefined | null): Promise<void> {
  if (token) await getDb().session.deleteMany({ where: { id: sessionIdOf(token) } });
}

/** Signs a user out everywhere (disable, password reset). */
export async function endAllSessions(userId: string, db: DbOrTx = getDb(), exceptSessionId?: string): Promise<void> {
  await db.session.deleteMany({ where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) } });
}
