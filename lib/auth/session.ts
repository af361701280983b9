import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { decode } from "next-auth/jwt";
import { authSecret } from "@/lib/crypto/keys";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { SESSION_COOKIE_NAMES } from "./next-auth";
import { roleAllows, type Role } from "./roles";
import { resolveSession, type SessionUser } from "./sessions";

export type { SessionUser } from "./sessions";

/** Where a request with a session cookie that no longer opens anything lands (login page says the session ended). */
export const SESSION_ENDED_LOGIN_PATH = "/login?session=ended";

/** The session token from next-auth's encrypted cookie, or null. */
export async function readSessionToken(): Promise<string | null> {
  const jar = await cookies();
  for (const name of SESSION_COOKIE_NAMES) {
    const value = jar.get(name)?.value;
    if (!value) continue;
    try {
      const payload = await decode({ token: value, secret: authSecret(), salt: name });
      if (payload && typeof payload.sid === "string") return payload.sid;
    } catch {
      // An old or forged cookie is simply no session.
    }
  }
  return null;
}

/** The signed-in user, re-checked against the database (once per request thanks to `cache`). */
export const verifySession = cache(async (): Promise<SessionUser | null> => resolveSession(await readSessionToken()));

/** Whether the first administrator exists yet (cached per request). */
export const isInstalled = cache(async (): Promise<boolean> => {
  return (await getDb().installation.findUnique({ where: { id: 1 } })) !== null;
});

/**
 * For pages and layouts: the signed-in user with at least `role`, or a redirect (to /setup on a fresh
 * install, to /login when signed out, to /account when a password change is due) or a 403.
 */
export async function requireSession(role: Role = "reviewer", options: { allowPasswordChangeDue?: boolean } = {}): Promise<SessionUser> {
  const user = await verifySession();
  if (!user) {
    if (!(await isInstalled())) redirect("/setup");
    // A cookie that still decodes but opens nothing: the session ended (idle or absolute timeout, signed
    // out elsewhere, disabled). Say so, rather than a bare sign-in page. Without a cookie: just sign in.
    redirect((await readSessionToken()) ? SESSION_ENDED_LOGIN_PATH : "/login");
  }
  if (user.mustChangePassword && !options.allowPasswordChangeDue) redirect("/account?password=required");
  if (!roleAllows(user.role, role)) forbidden();
  return user;
}

/** For code that must not redirect (actions, route handlers): throws an AppError instead. */
export async function assertSession(role: Role): Promise<SessionUser> {
  const user = await verifySession();
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
  if (!roleAllows(user.role, role)) throw new AppError("FORBIDDEN", "You are not allowed to do that.");
  return user;
}
