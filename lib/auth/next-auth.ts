import "server-only";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { authSecret } from "@/lib/crypto/keys";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { clientIpFrom } from "./client-ip";
import { safeCallbackPath } from "./safe-callback";
import { endSession, resolveSession } from "./sessions";
import { signInWithSso, SSO_REFUSALS, ssoRefusedPath } from "./sso-sign-in";

/** next-auth's id of the OpenID Connect provider: the redirect URI is `<BEACONPORT_URL>/api/auth/callback/oidc`. */
export const OIDC_PROVIDER_ID = "oidc";
const REFUSED_PATHS = new Set(SSO_REFUSALS.map(ssoRefusedPath));

/**
 * next-auth carries an encrypted JWT holding only our session token. Passwords are checked before
 * next-auth is involved (lib/auth/authenticate.ts, with rate limiting and audit); the Credentials
 * provider then accepts only a freshly created, still-valid session token, so posting an email and
 * password straight to /api/auth/callback/credentials gets nobody in.
 */
export const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

const tokenSchema = z.object({ sessionToken: z.string().min(20).max(200) });

export const { handlers, auth, signIn, signOut } = NextAuth((request) => ({
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
    ...oidcProviders(),
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
      // The refusal page sits under /login, which safeCallbackPath never returns to; only these exact paths pass.
      if (REFUSED_PATHS.has(path)) return `${baseUrl}${path}`;
      return `${baseUrl}${safeCallbackPath(path)}`;
    },
    // Single sign-on: next-auth has run the code flow and checked the ID token's claims; Beaconport decides
    // who gets in (lib/auth/sso-sign-in.ts) and starts its own server-side session, like a password sign-in.
    async signIn({ user, account }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      const result = await signInWithSso({
        idToken: account.id_token,
        ip: request ? clientIpFrom(request.headers) : null,
        userAgent: request?.headers.get("user-agent") ?? null,
      });
      if (!result.ok) return ssoRefusedPath(result.reason);
      // The same object reaches the jwt callback below, which keeps only the session token.
      Object.assign(user, { id: result.userId, sessionToken: result.sessionToken });
      return true;
    },
    jwt({ token, user }) {
      if (user && "sessionToken" in user) token.sid = user.sessionToken;
      // Only our session id travels in the cookie: not the provider's tokens, nor its profile.
      return { sid: token.sid };
    },
    // /api/auth/session is readable by page scripts: expose nothing beyond the expiry.
    session({ session }) {
      return { expires: session.expires } as typeof session;
    },
  },
  logger: {
    error(error) {
      log.warn("auth.nextauth_error", { error: error.name, type: (error as { type?: string }).type, message: error.message, cause: String((error.cause as { err?: unknown } | undefined)?.err ?? "") });
    },
    warn(code) {
      log.debug("auth.nextauth_warning", { code });
    },
    debug() {},
  },
}));

/**
 * The OpenID Connect provider, when configured (lib/env.ts). Authorization code flow with PKCE, state
 * and nonce; next-auth validates the ID token's issuer, audience, expiry and nonce.
 */
function oidcProviders() {
  const oidc = env().oidc;
  if (!oidc) return [];
  return [
    {
      id: OIDC_PROVIDER_ID,
      name: oidc.name,
      type: "oidc" as const,
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      checks: ["pkce", "state", "nonce"] as ("pkce" | "state" | "nonce")[],
      authorization: { params: { scope: oidc.scopes } },
      // Only what next-auth needs to proceed; signInWithSso reads the verified ID token itself.
      profile(profile: Record<string, unknown>) {
        return { id: String(profile.sub ?? ""), email: typeof profile.email === "string" ? profile.email : null, name: typeof profile.name === "string" ? profile.name : null };
      },
    },
  ];
}
