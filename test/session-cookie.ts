import { encode } from "next-auth/jwt";
import { createSession } from "@/lib/auth/sessions";
import { authSecret } from "@/lib/crypto/keys";

/** The cookie next-auth keeps the session in over plain HTTP (its JWT carries only the session id). */
export const SESSION_COOKIE = "authjs.session-token";

/** A real session row for `userId`, and the cookie value a browser signed in with it would send. */
export async function signedInSession(userId: string): Promise<{ sid: string; cookie: string }> {
  const sid = await createSession(userId, { ip: null, userAgent: null });
  return { sid, cookie: await encode({ token: { sid }, secret: authSecret(), salt: SESSION_COOKIE }) };
}
