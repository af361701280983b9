import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createFirstAdmin } from "@/lib/users/create-first-admin";
import { createUser } from "@/lib/users/create-user";
import { authenticate } from "./authenticate";
import { DEVICE_COOKIE_MAX_AGE_SECONDS, issueDeviceToken } from "./device-cookie";
import { prepareSetupToken } from "./setup-token";

// A burst writes 100 audit events, and appends to the hash chain are serialized (one lock on PostgreSQL).
const BURST_TIMEOUT_MS = 120_000;
const ADMIN = { email: "a@x.test", password: "Admin-pass-12345" };
let t: TestDatabase;
let otherUser: { email: string; password: string };

beforeAll(async () => {
  t = await useTestDatabase();
  process.env.BEACONPORT_LOGIN_MAX_FAILURES = "3";
  process.env.BEACONPORT_LOGIN_MAX_FAILURES_PER_ADDRESS = "5";
  resetEnvCache();
  const prepared = await prepareSetupToken();
  await createFirstAdmin({ email: ADMIN.email, name: "A", password: ADMIN.password, setupToken: prepared.state === "ready" ? prepared.token : "" }, { ip: null });
  const admin = (await t.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } })).id;
  const created = await createUser({ email: "b@x.test", name: "B", role: "reviewer", credential: "initial-password" }, { userId: admin, email: ADMIN.email, ip: null });
  if (created.credential.kind !== "initial-password") throw new Error("expected an initial password");
  otherUser = { email: "b@x.test", password: created.credential.password };
});
afterAll(async () => {
  delete process.env.BEACONPORT_LOGIN_MAX_FAILURES;
  delete process.env.BEACONPORT_LOGIN_MAX_FAILURES_PER_ADDRESS;
  await t.cleanup();
});
beforeEach(async () => {
  await t.rawExec(`DELETE FROM "LoginCounter"`);
});

async function attempt(email: string, password: string, ip: string | null, deviceToken?: string): Promise<string> {
  try {
    const user = await authenticate({ email, password, ip, userAgent: null, deviceToken });
    return `ok ${user.deviceToken.length > 0}`;
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.userMessage}`;
    throw error;
  }
}

async function auditCount(action: string): Promise<number> {
  return t.db.auditEvent.count({ where: { action } });
}

/** Moves every counter's window into the past, as if the window had elapsed. */
async function elapseWindow(): Promise<void> {
  await t.db.loginCounter.updateMany({ data: { windowStart: new Date(Date.now() - 16 * 60_000) } });
}

describe("login rate limiting (reserved in the database before the password is checked)", () => {
  it("a burst of 100 parallel wrong passwords checks at most the limit, and the right one waits for the window", async () => {
    const failedBefore = await auditCount("auth.login.failed");
    const blockedBefore = await auditCount("auth.login.blocked");
    // Distinct addresses, so only the account limit (3) applies.
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => attempt(ADMIN.email, `wrong-${i}`, `10.1.${Math.floor(i / 50)}.${i % 50}`)));
    // Each verified wrong password writes auth.login.failed; each refused one auth.login.blocked without a check.
    expect(results.filter((r) => r.startsWith("UNAUTHENTICATED"))).toHaveLength(3);
    expect(results.filter((r) => r.startsWith("RATE_LIMITED"))).toHaveLength(97);
    expect((await auditCount("auth.login.failed")) - failedBefore).toBe(3);
    expect((await auditCount("auth.login.blocked")) - blockedBefore).toBe(97);

    expect(await attempt(ADMIN.email, ADMIN.password, "10.9.9.9")).toMatch(/^RATE_LIMITED: Too many failed sign-in attempts for this account\. Try again in 15 minutes\./);
    await elapseWindow();
    expect(await attempt(ADMIN.email, ADMIN.password, "10.9.9.9")).toBe("ok true");
  }, BURST_TIMEOUT_MS);

  it("a right password inside a parallel burst uses one of the slots, never one more", async () => {
    const before = { failed: await auditCount("auth.login.failed"), ok: await auditCount("auth.login") };
    const passwords = Array.from({ length: 100 }, (_, i) => (i === 50 ? ADMIN.password : `wrong-${i}`));
    const results = await Promise.all(passwords.map((p, i) => attempt(ADMIN.email, p, `10.2.${Math.floor(i / 50)}.${i % 50}`)));
    const verified = (await auditCount("auth.login.failed")) - before.failed + ((await auditCount("auth.login")) - before.ok);
    expect(verified).toBeLessThanOrEqual(3);
    expect(results.filter((r) => r.startsWith("UNAUTHENTICATED")).length + results.filter((r) => r.startsWith("ok")).length).toBe(verified);
  }, BURST_TIMEOUT_MS);

  it("locks a client address that sprays many accounts", async () => {
    for (let i = 0; i < 5; i++) expect(await attempt(`user${i}@x.test`, "wrong", "192.0.2.7")).toMatch(/^UNAUTHENTICATED/);
    expect(await attempt("someone-else@x.test", "whatever", "192.0.2.7")).toMatch(/^RATE_LIMITED: .*from this address/);
    expect(await attempt("someone-else@x.test", "whatever", "192.0.2.8")).toMatch(/^UNAUTHENTICATED/);
  });

  it("lets the lock expire with the window", async () => {
    for (let i = 0; i < 3; i++) await attempt(ADMIN.email, "wrong", `10.0.0.${i}`);
    expect(await attempt(ADMIN.email, ADMIN.password, "10.0.0.9")).toMatch(/^RATE_LIMITED/);
    await elapseWindow();
    expect(await attempt(ADMIN.email, ADMIN.password, "10.0.0.1")).toBe("ok true");
  });
});

describe("device cookies: failures elsewhere cannot keep a known browser out", () => {
  async function deviceOf(email: string, password: string): Promise<string> {
    const user = await authenticate({ email, password, ip: "198.51.100.1", userAgent: null });
    return user.deviceToken;
  }

  it("a browser that signed in before still signs in while untrusted clients have locked the account", async () => {
    const device = await deviceOf(ADMIN.email, ADMIN.password);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(ADMIN.email, `attacker-${i}`, `203.0.113.${i}`)));
    expect(results.filter((r) => r.startsWith("UNAUTHENTICATED"))).toHaveLength(3);
    // Untrusted: locked, even with the right password.
    expect(await attempt(ADMIN.email, ADMIN.password, "198.51.100.1")).toMatch(/^RATE_LIMITED: .*for this account/);
    // The known browser: its own counter, untouched by the attack.
    expect(await attempt(ADMIN.email, ADMIN.password, "198.51.100.1", device)).toBe("ok true");
    // A mistyped password on it counts on the device, and the account's lock stays where it was.
    expect(await attempt(ADMIN.email, "typo", "198.51.100.1", device)).toMatch(/^UNAUTHENTICATED/);
    expect(await attempt(ADMIN.email, ADMIN.password, "198.51.100.2")).toMatch(/^RATE_LIMITED: .*for this account/);
  });

  it("a forged, altered, expired or other user's device cookie is untrusted", async () => {
    const mine = await deviceOf(ADMIN.email, ADMIN.password);
    const theirs = await deviceOf(otherUser.email, otherUser.password);
    for (let i = 0; i < 3; i++) await attempt(ADMIN.email, `attacker-${i}`, `203.0.113.${i}`);
    const [v, email, issued, nonce, mac] = mine.split(".");
    const forged = [
      theirs,
      `${v}.${email}.${issued}.${nonce}.${Buffer.alloc(32).toString("base64url")}`,
      `${v}.${email}.${issued}.AAAAAAAAAAAAAAAAAAAAAA.${mac}`,
      `${v}.${Buffer.from(ADMIN.email).toString("base64url")}.${issued}.${nonce}`,
      "not-a-device-cookie",
      // Genuine, but issued longer ago than the cookie's lifetime.
      issueDeviceToken(ADMIN.email, new Date(Date.now() - (DEVICE_COOKIE_MAX_AGE_SECONDS + 60) * 1000)),
    ];
    for (const token of forged) expect(await attempt(ADMIN.email, ADMIN.password, "198.51.100.1", token)).toMatch(/^RATE_LIMITED: .*for this account/);
    expect(await attempt(ADMIN.email, ADMIN.password, "198.51.100.1", mine)).toBe("ok true");
  });

  it("a device cookie has its own limit", async () => {
    const device = issueDeviceToken(ADMIN.email);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(ADMIN.email, `wrong-${i}`, "198.51.100.3", device)));
    expect(results.filter((r) => r.startsWith("UNAUTHENTICATED"))).toHaveLength(3);
    expect(await attempt(ADMIN.email, ADMIN.password, "198.51.100.3", device)).toMatch(/^RATE_LIMITED: .*from this browser/);
    // The account itself was not touched: an untrusted client with the right password gets in.
    expect(await attempt(ADMIN.email, ADMIN.password, "198.51.100.4")).toBe("ok true");
  });
});
