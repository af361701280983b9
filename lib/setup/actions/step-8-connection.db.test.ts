import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";

/**
 * Issue 11, item 7: re-entering the password to download a connection's details with secrets is no
 * password oracle. The real action through the real wrapper, on a real database; only Next's request
 * scope is stood in for (next/headers and next/cache need a running Next server).
 */
const request = { headers: new Headers(), cookies: new Map<string, string>() };
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined) }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const { resetEnvCache } = await import("@/lib/env");
const { authenticate } = await import("@/lib/auth/authenticate");
const { SESSION_COOKIE, signedInSession } = await import("@/test/session-cookie");
const { createTestFirstAdmin } = await import("@/test/first-admin");
const { grantDetailsSecretsAction } = await import("./step-8-connection");

const EMAIL = "ada@x.test";
const PASSWORD = "Admin-pass-12345";
let t: TestDatabase;
let connectionId: string;

beforeAll(async () => {
  t = await useTestDatabase();
  process.env.BEACONPORT_LOGIN_MAX_FAILURES = "3";
  resetEnvCache();
  await createTestFirstAdmin({ email: EMAIL, name: "Ada", password: PASSWORD });
  const admin = await t.db.user.findUniqueOrThrow({ where: { email: EMAIL } });
  // As scripts/server.mjs reports the socket's peer.
  (globalThis as Record<symbol, unknown>)[Symbol.for("beaconport.peer-header")] = true;
  request.headers = new Headers({ "x-beaconport-peer": "203.0.113.7", "user-agent": "vitest" });
  request.cookies.set(SESSION_COOKIE, (await signedInSession(admin.id)).cookie);
  connectionId = (await t.db.connection.create({ data: { name: "Details", model: "{}" } })).id;
});
afterAll(async () => {
  delete process.env.BEACONPORT_LOGIN_MAX_FAILURES;
  resetEnvCache();
  await t.cleanup();
});
beforeEach(async () => {
  await t.rawExec(`DELETE FROM "LoginCounter"`);
});

async function grant(password: string): Promise<string> {
  const result = await grantDetailsSecretsAction(undefined, { connectionId, password });
  return result.ok ? "granted" : `${result.error.code}: ${result.error.message}`;
}

async function wrongPasswordsAudited(): Promise<number> {
  const events = await t.db.auditEvent.findMany({ where: { action: "connection.details.grant.refused" } });
  return events.filter((e) => e.after?.includes("wrong password")).length;
}

describe("re-entering the password for the details with secrets is no oracle", () => {
  it("wrong passwords count against the sign-in limit and are audited", async () => {
    const auditedBefore = await wrongPasswordsAudited();
    for (let i = 0; i < 3; i++) expect(await grant(`guess-${i}-abcdefgh`)).toMatch(/^VALIDATION: /);
    expect((await wrongPasswordsAudited()) - auditedBefore).toBe(3);
    // The next one is not checked at all, even when it is right ...
    expect(await grant(PASSWORD)).toMatch(/^RATE_LIMITED: /);
    // ... and the sign-in form shares the lock.
    await expect(authenticate({ email: EMAIL, password: PASSWORD, ip: "192.0.2.51", userAgent: null })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await t.db.loginCounter.updateMany({ data: { windowStart: new Date(Date.now() - 16 * 60_000) } });
    expect(await grant(PASSWORD)).toBe("granted");
  });
});
