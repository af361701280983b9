import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { resetEnvCache } from "@/lib/env";
import { setLogSink } from "@/lib/log";
import { signInWithSso } from "./sso-sign-in";
import { endSession, resolveSession } from "./sessions";

/**
 * Issue 16, item 1, on both databases: what Beaconport does with an ID token next-auth accepted (the
 * browser journey against a real provider is e2e/sso.spec.ts). The provider here is a loopback HTTP
 * server publishing discovery and a JWKS, as any provider does; tokens are signed with its key, or
 * with another one to forge them.
 */
let t: TestDatabase;
let issuer: string;
let server: http.Server;
let signingKey: CryptoKey;
let otherKey: CryptoKey;
const CLIENT_ID = "beaconport-test";
const HOUR = 3_600_000;
const meta = { ip: "127.0.0.1", userAgent: "vitest" };

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair("RS256")).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  server = http.createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/.well-known/openid-configuration") return void res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    if (req.url === "/jwks") return void res.end(JSON.stringify({ keys: [jwk] }));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await useTestDatabase();
  Object.assign(process.env, {
    BEACONPORT_OIDC_ISSUER: issuer,
    BEACONPORT_OIDC_CLIENT_ID: CLIENT_ID,
    BEACONPORT_OIDC_CLIENT_SECRET: "test-client-secret-0000",
    BEACONPORT_OIDC_ADMIN_GROUPS: "bp-admins",
    BEACONPORT_OIDC_REVIEWER_GROUPS: "bp-reviewers",
  });
  resetEnvCache();
});
afterAll(async () => {
  for (const name of ["BEACONPORT_OIDC_ISSUER", "BEACONPORT_OIDC_CLIENT_ID", "BEACONPORT_OIDC_CLIENT_SECRET", "BEACONPORT_OIDC_ADMIN_GROUPS", "BEACONPORT_OIDC_REVIEWER_GROUPS", "BEACONPORT_SESSION_IDLE_HOURS", "BEACONPORT_SESSION_MAX_AGE_HOURS"]) delete process.env[name];
  resetEnvCache();
  await t.cleanup();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  delete process.env.BEACONPORT_SESSION_IDLE_HOURS;
  delete process.env.BEACONPORT_SESSION_MAX_AGE_HOURS;
  resetEnvCache();
});

async function idToken(claims: Record<string, unknown>, key: CryptoKey = signingKey): Promise<string> {
  return new SignJWT({ email_verified: true, ...claims })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setIssuer(issuer)
    .setAudience(CLIENT_ID)
    .setSubject(String(claims.email))
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key);
}

async function lastAudit(action: string): Promise<Record<string, unknown>> {
  const row = await t.db.auditEvent.findFirstOrThrow({ where: { action }, orderBy: { seq: "desc" } });
  return JSON.parse(row.after ?? "{}") as Record<string, unknown>;
}

describe("signInWithSso", () => {
  it("creates the user on first sign-in with the role of their group, and starts a server-side session", async () => {
    const result = await signInWithSso({ idToken: await idToken({ email: "Ann@IdP.test", name: "Ann", groups: ["staff", "bp-admins"] }), ...meta });
    expect(result).toMatchObject({ ok: true, role: "admin" });
    const user = await t.db.user.findUniqueOrThrow({ where: { email: "ann@idp.test" }, omit: { passwordHash: false } });
    expect(user).toMatchObject({ name: "Ann", role: "admin", passwordHash: null, disabled: false });
    expect(await resolveSession(result.ok ? result.sessionToken : null)).toMatchObject({ userId: user.id, role: "admin" });
    expect(await lastAudit("user.create")).toMatchObject({ email: "ann@idp.test", role: "admin", via: "sso" });
    expect(await lastAudit("auth.login")).toMatchObject({ method: "sso", role: "admin" });
  });

  it("takes the role from the groups at every sign-in", async () => {
    const first = await signInWithSso({ idToken: await idToken({ email: "rex@idp.test", groups: ["bp-reviewers"] }), ...meta });
    expect(first).toMatchObject({ ok: true, role: "reviewer" });
    const promoted = await signInWithSso({ idToken: await idToken({ email: "rex@idp.test", groups: ["bp-admins"] }), ...meta });
    expect(promoted).toMatchObject({ ok: true, role: "admin" });
    expect((await t.db.user.findUniqueOrThrow({ where: { email: "rex@idp.test" } })).role).toBe("admin");
    expect(await lastAudit("user.role")).toMatchObject({ role: "admin", via: "sso" });
    // A single group name as a string counts too.
    expect(await signInWithSso({ idToken: await idToken({ email: "rex@idp.test", groups: "bp-reviewers" }), ...meta })).toMatchObject({ ok: true, role: "reviewer" });
  });

  it("refuses and audits someone in no mapped group, creating nobody", async () => {
    const result = await signInWithSso({ idToken: await idToken({ email: "nils@idp.test", groups: ["staff", "BP-ADMINS"] }), ...meta });
    expect(result).toEqual({ ok: false, reason: "no-group" });
    expect(await t.db.user.count({ where: { email: "nils@idp.test" } })).toBe(0);
    expect(await lastAudit("auth.sso.refused")).toEqual({ reason: "no-group", groups: ["staff", "BP-ADMINS"] });
  });

  it("keeps a user disabled in Beaconport out, whatever the provider says", async () => {
    await signInWithSso({ idToken: await idToken({ email: "dora@idp.test", groups: ["bp-admins"] }), ...meta });
    await t.db.user.update({ where: { email: "dora@idp.test" }, data: { disabled: true } });
    expect(await signInWithSso({ idToken: await idToken({ email: "dora@idp.test", groups: ["bp-admins"] }), ...meta })).toEqual({ ok: false, reason: "disabled" });
    expect(await t.db.session.count({ where: { user: { email: "dora@idp.test" } } })).toBe(1);
  });

  it("refuses an ID token not signed by the provider's keys, one for another client, and one without a verified email", async () => {
    expect(await signInWithSso({ idToken: await idToken({ email: "eve@idp.test", groups: ["bp-admins"] }, otherKey), ...meta })).toEqual({ ok: false, reason: "invalid-id-token" });
    const otherAudience = await new SignJWT({ email: "eve@idp.test", groups: ["bp-admins"] }).setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuer(issuer).setAudience("another-app").setSubject("eve").setIssuedAt().setExpirationTime("5m").sign(signingKey);
    expect(await signInWithSso({ idToken: otherAudience, ...meta })).toEqual({ ok: false, reason: "invalid-id-token" });
    expect(await signInWithSso({ idToken: await idToken({ email: "eve@idp.test", email_verified: false, groups: ["bp-admins"] }), ...meta })).toMatchObject({ ok: false, reason: "no-email" });
    expect(await t.db.user.count({ where: { email: "eve@idp.test" } })).toBe(0);
  });

  it("keeps the last active administrator an administrator when the provider's groups would demote them, audited and logged, until another administrator exists", async () => {
    // Only Mia is an enabled administrator; a disabled administrator does not count.
    await t.db.user.updateMany({ where: { role: "admin" }, data: { role: "reviewer" } });
    await t.db.user.create({ data: { email: "off-admin@idp.test", name: "Off", role: "admin", disabled: true } });
    expect(await signInWithSso({ idToken: await idToken({ email: "mia@idp.test", groups: ["bp-admins"] }), ...meta })).toMatchObject({ ok: true, role: "admin" });

    const lines: Record<string, unknown>[] = [];
    const previous = setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    let kept;
    try {
      kept = await signInWithSso({ idToken: await idToken({ email: "mia@idp.test", groups: ["bp-reviewers"] }), ...meta });
    } finally {
      setLogSink(previous);
    }
    expect(kept).toMatchObject({ ok: true, role: "admin" });
    const mia = await t.db.user.findUniqueOrThrow({ where: { email: "mia@idp.test" } });
    expect(mia.role).toBe("admin");
    expect(await resolveSession(kept.ok ? kept.sessionToken : null)).toMatchObject({ userId: mia.id, role: "admin" });
    expect(await lastAudit("auth.sso.last_admin_kept")).toEqual({ email: "mia@idp.test", role: "admin", requested: "reviewer", via: "sso", groups: ["bp-reviewers"] });
    expect(await lastAudit("auth.login")).toMatchObject({ method: "sso", role: "admin" });
    expect(lines.filter((l) => l.event === "auth.sso_last_admin_kept")).toEqual([expect.objectContaining({ level: "warn", userId: mia.id, requested: "reviewer" })]);

    // Once the provider makes someone else an administrator, its demotion applies at the next sign-in.
    await signInWithSso({ idToken: await idToken({ email: "otto@idp.test", groups: ["bp-admins"] }), ...meta });
    expect(await signInWithSso({ idToken: await idToken({ email: "mia@idp.test", groups: ["bp-reviewers"] }), ...meta })).toMatchObject({ ok: true, role: "reviewer" });
    expect((await t.db.user.findUniqueOrThrow({ where: { email: "mia@idp.test" } })).role).toBe("reviewer");
    expect(await lastAudit("user.role")).toMatchObject({ email: "mia@idp.test", role: "reviewer", via: "sso" });
  });

  it("gives SSO sessions the same rules as password sessions: idle timeout, absolute lifetime, sign-out", async () => {
    process.env.BEACONPORT_SESSION_IDLE_HOURS = "1";
    process.env.BEACONPORT_SESSION_MAX_AGE_HOURS = "3";
    resetEnvCache();
    const token = async () => {
      const r = await signInWithSso({ idToken: await idToken({ email: "ida@idp.test", groups: ["bp-reviewers"] }), ...meta });
      if (!r.ok) throw new Error(r.reason);
      return r.sessionToken;
    };
    const idle = await token();
    expect(await resolveSession(idle, new Date(Date.now() + HOUR - 60_000))).not.toBeNull();
    expect(await resolveSession(idle, new Date(Date.now() + 2 * HOUR + 60_000))).toBeNull();
    expect(await resolveSession(idle)).toBeNull();

    const old = await token();
    // Used every half hour (never idle), still ended at the absolute lifetime.
    const start = Date.now();
    for (let at = start + HOUR / 2; at < start + 3 * HOUR - 60_000; at += HOUR / 2) expect(await resolveSession(old, new Date(at))).not.toBeNull();
    expect(await resolveSession(old, new Date(start + 3 * HOUR + 60_000))).toBeNull();

    const signedOut = await token();
    await endSession(signedOut);
    expect(await resolveSession(signedOut)).toBeNull();
  });
});
