import "server-only";
import { recordAudit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { hasOtherActiveAdmin } from "./other-active-admins";
import type { Role } from "./roles";
import { createSession } from "./sessions";
import { groupsOf, roleFromGroups } from "./sso-role";
import { verifyIdToken } from "./verify-id-token";

/** Why single sign-on refused someone; each has its own explanation on /login/refused. */
export const SSO_REFUSALS = ["no-group", "disabled", "no-email", "invalid-id-token"] as const;
export type SsoRefusal = (typeof SSO_REFUSALS)[number];

/** Where a refused sign-in lands: a page of its own, not next-auth's generic error. */
export const SSO_REFUSED_PATH = "/login/refused";
export function ssoRefusedPath(reason: SsoRefusal): string {
  return `${SSO_REFUSED_PATH}?reason=${reason}`;
}

export type SsoSignInResult = { ok: true; userId: string; role: Role; sessionToken: string } | { ok: false; reason: SsoRefusal };

/**
 * Signs in a user the identity provider vouched for, after next-auth ran the authorization code flow
 * (PKCE, state, nonce, ID-token claims). Here: the ID token's signature, the email, the role from the
 * groups claim, the user created just in time or updated (the provider's groups decide the role at every
 * sign-in), Beaconport's own "disabled" that no provider can override, then the same server-side session
 * a password sign-in gets (lib/auth/sessions.ts: idle and absolute timeouts, sign-out, disable).
 */
export async function signInWithSso(input: { idToken: string | undefined; ip: string | null; userAgent: string | null }): Promise<SsoSignInResult> {
  const oidc = env().oidc;
  if (!oidc) throw new Error("single sign-on is not configured");
  const { ip, userAgent } = input;
  const refuse = async (reason: SsoRefusal, actor: { id: string | null; email: string | null }, after: Record<string, unknown> = {}): Promise<SsoSignInResult> => {
    await recordAudit({ action: "auth.sso.refused", actor, entityType: actor.id ? "User" : null, entityId: actor.id, ip, after: { reason, ...after } });
    return { ok: false, reason };
  };

  let claims: Record<string, unknown>;
  try {
    if (!input.idToken) throw new Error("no ID token");
    claims = await verifyIdToken(input.idToken, oidc);
  } catch (error) {
    // The error names the check that failed (signature, issuer, audience, expiry); never the token.
    log.warn("auth.sso_id_token_rejected", { error: error instanceof Error ? error.name : "unknown" });
    return refuse("invalid-id-token", { id: null, email: null });
  }

  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!email || email.length > 254 || claims.email_verified === false) return refuse("no-email", { id: null, email: email || null }, { subject: String(claims.sub ?? "").slice(0, 200) });

  const db = getDb();
  const existing = await db.user.findUnique({ where: { email } });
  const groups = groupsOf(claims[oidc.groupsClaim]).slice(0, 50);
  const role = roleFromGroups(groups, oidc);
  if (!role) return refuse("no-group", { id: existing?.id ?? null, email }, { groups });
  if (existing?.disabled) return refuse("disabled", { id: existing.id, email });

  const name = nameOf(claims, email);
  const { user, granted, kept } = await db.$transaction(async (tx) => {
    // upsert: two first sign-ins of one person at once create one user.
    const row = await tx.user.upsert({ where: { email }, create: { email, name, role }, update: {} });
    if (!existing) {
      await recordAudit({ action: "user.create", actor: { id: row.id, email }, entityType: "User", entityId: row.id, after: { email, name, role, via: "sso" }, ip }, { db: tx });
    } else if (row.role !== role) {
      // The last enabled administrator stays one, as on the Users page. Refusing the sign-in instead would
      // lock out the only person who can manage users, and such a "demotion" is far more often a provider
      // mistake (a renamed group, a client scope that stopped sending the claim, Keycloak's full-path
      // switch) than a decision. The provider keeps the last word where it matters: make someone else an
      // administrator and the next sign-in applies the demotion; remove the person from every listed group
      // and they are refused. Kept loudly: an audit event and an alertable log line.
      if (row.role === "admin" && !(await hasOtherActiveAdmin(tx, row.id))) {
        await recordAudit({ action: "auth.sso.last_admin_kept", actor: { id: row.id, email }, entityType: "User", entityId: row.id, before: { email, role: row.role }, after: { email, role: row.role, requested: role, via: "sso", groups }, ip }, { db: tx });
        return { user: row, granted: "admin" as const, kept: true };
      }
      await tx.user.update({ where: { id: row.id }, data: { role } });
      await recordAudit({ action: "user.role", actor: { id: row.id, email }, entityType: "User", entityId: row.id, before: { email, role: row.role }, after: { email, role, via: "sso", groups }, ip }, { db: tx });
    }
    return { user: row, granted: role, kept: false };
  });
  if (kept) log.warn("auth.sso_last_admin_kept", { userId: user.id, requested: role });
  const sessionToken = await createSession(user.id, { ip, userAgent });
  await recordAudit({ action: "auth.login", actor: { id: user.id, email }, entityType: "User", entityId: user.id, ip, after: { method: "sso", role: granted } });
  return { ok: true, userId: user.id, role: granted, sessionToken };
}

function nameOf(claims: Record<string, unknown>, email: string): string {
  for (const key of ["name", "preferred_username"]) {
    const value = claims[key];
    if (typeof value === "string" && value.trim() !== "") return value.trim().slice(0, 200);
  }
  return email;
}
