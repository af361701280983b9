import "server-only";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { authSecret } from "@/lib/crypto/keys";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { safeCallbackPath } from "./safe-callback";
import { endSession, resolveSession } from "./sessions";

/**
 * next-auth carries an encrypted JWT holding only our session token. Passwords are checked before
 * next-auth is involved (lib/auth/authenticate.ts, with rate limiting and audit); the Credentials
 * provider then accepts only a freshly created, still-valid session token, so posting an email and
 * password straight to /api/auth/callback/credentials gets nobody in.
 */
export const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

const tokenSchema = z.object({ sessionToken: z.string().min(20).max(200) });

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  // Served on loopback or behind the operator's proxy; next-auth cannot know the public host name.
  trustHost: true,
  // BEACONPORT_URL decides (lib/env.ts also derives AUTH_URL from it): an https public origin always gets
  // Secure, __Secure- cookies, even when the proxy forgets X-Forwarded-Proto.
  ...(env().publicOrigin?.protocol === "https:" ? { useSecureCookies: true } : {}),
  // next-auth slides the cookie's expiry on use; the absolute lifetime (BEACONPORT_SESSION_MAX_AGE_HOURS) and
  // the idle timeout are enforced per request from the Session row's createdAt and lastSeenAt.
  session: { strategy: "jwt", maxAge: Math.ceil(env().sessionMaxAgeMs / 1000) },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    Credentials({
      credentials: { sessionToken: {} },
      async authorize(raw) {
        const parsed = tokenSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await resolveSession(parsed.data.sessionToken);
        if (!user) return null;
        return { id: user.userId, email: user.email, name: user.name, sessionToken: parsed.data.sessionToken };
      },
    }),
  ],
  events: {
    // POST /api/auth/signout (next-auth's own endpoint) clears the cookie only; the server-side session
    // must die with it, or a copy of the old cookie would still work.
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await endSession(sid);
    },
  },
  callbacks: {
    // next-auth's own default accepts any path starting with "/" (so `//evil.example`): every callbackUrl
    // its endpoints take goes through the one rule instead. `baseUrl` is the origin next-auth itself
    // derived (its callback-url cookie holds absolute URLs it wrote), so only that prefix is stripped.
    redirect({ url, baseUrl }) {
      const path = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url;
      return `${baseUrl}${safeCallbackPath(path)}`;
    },
    jwt({ token, user }) {
      if (user && "sessionToken" in user) token.sid = user.sessionToken;
      return token;
    },
    // /api/auth/session is readable by page scripts: expose nothing beyond the expiry.
    session({ session }) {
      return { expires: session.expires } as typeof session;
    },
  },
  logger: {
    error(error) {
      log.warn("auth.nextauth_error", { error: error.name });
    },
    warn(code) {
      log.debug("auth.nextauth_warning", { code });
    },
    debug() {},
  },
}));
