import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { createTestFirstAdmin } from "@/test/first-admin";
import { resetEnvCache } from "@/lib/env";
import { hashPassword } from "./hash";
import { authenticate } from "./authenticate";

/**
 * Issue 16, item 1: BEACONPORT_LOCAL_LOGIN=off refuses password sign-in once single sign-on works, except
 * for the break-glass administrator (BEACONPORT_BREAK_GLASS_ADMIN), the documented way back in when the
 * identity provider is down or misconfigured.
 */
let t: TestDatabase;
const meta = { ip: "192.0.2.77", userAgent: null };
const ADMIN = { email: "root@x.test", name: "Root", password: "Root-pass-12345" };
const OTHER = { email: "other-admin@x.test", password: "Other-pass-12345" };
const SSO = { BEACONPORT_OIDC_ISSUER: "https://login.example.com", BEACONPORT_OIDC_CLIENT_ID: "bp", BEACONPORT_OIDC_CLIENT_SECRET: "secret-0000", BEACONPORT_OIDC_ADMIN_GROUPS: "bp-admins" };

function configure(extra: Record<string, string>): void {
  for (const name of ["BEACONPORT_LOCAL_LOGIN", "BEACONPORT_BREAK_GLASS_ADMIN", ...Object.keys(SSO)]) delete process.env[name];
  Object.assign(process.env, extra);
  resetEnvCache();
}

beforeAll(async () => {
  t = await useTestDatabase();
  await createTestFirstAdmin(ADMIN);
  await t.db.user.create({ data: { email: OTHER.email, name: "Other", role: "admin", passwordHash: await hashPassword(OTHER.password) } });
  await t.db.user.create({ data: { email: "rev@x.test", name: "Rev", role: "reviewer", passwordHash: await hashPassword(OTHER.password) } });
});
beforeEach(() => configure({}));
afterAll(async () => {
  configure({});
  await t.cleanup();
});

describe("BEACONPORT_LOCAL_LOGIN=off", () => {
  it("refuses a right password, audited, and says to use single sign-on", async () => {
    configure({ ...SSO, BEACONPORT_LOCAL_LOGIN: "off" });
    await expect(authenticate({ ...OTHER, ...meta })).rejects.toMatchObject({ code: "FORBIDDEN", userMessage: "Password sign-in is turned off." });
    await expect(authenticate({ email: ADMIN.email, password: ADMIN.password, ...meta })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "auth.login.refused" }, orderBy: { seq: "desc" } });
    expect(JSON.parse(event.after!)).toEqual({ reason: "local-login-off" });
    expect(await t.db.session.count()).toBe(0);
    // A wrong password reads as it always does (the break-glass account is not revealed by a different answer).
    await expect(authenticate({ email: OTHER.email, password: "wrong-password-1", ...meta })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("lets the break-glass administrator in with their password, and no one else", async () => {
    configure({ ...SSO, BEACONPORT_LOCAL_LOGIN: "off", BEACONPORT_BREAK_GLASS_ADMIN: ADMIN.email });
    const user = await authenticate({ email: ADMIN.email, password: ADMIN.password, ...meta });
    expect(user.email).toBe(ADMIN.email);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "auth.login" }, orderBy: { seq: "desc" } });
    expect(JSON.parse(event.after!)).toEqual({ method: "password", breakGlass: true });
    await expect(authenticate({ ...OTHER, ...meta })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("names only an administrator: a reviewer named as break-glass is still refused", async () => {
    configure({ ...SSO, BEACONPORT_LOCAL_LOGIN: "off", BEACONPORT_BREAK_GLASS_ADMIN: "rev@x.test" });
    await expect(authenticate({ email: "rev@x.test", password: OTHER.password, ...meta })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("is on by default: every password works, single sign-on configured or not", async () => {
    configure({ ...SSO });
    expect((await authenticate({ ...OTHER, ...meta })).email).toBe(OTHER.email);
  });
});
