import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createFirstAdmin } from "@/lib/users/create-first-admin";
import { authenticate } from "./authenticate";
import { prepareSetupToken } from "./setup-token";
import { checkLoginLimit } from "./login-limiter";

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
  process.env.BEACONPORT_LOGIN_MAX_FAILURES = "3";
  process.env.BEACONPORT_LOGIN_MAX_FAILURES_PER_ADDRESS = "5";
  resetEnvCache();
  const prepared = await prepareSetupToken();
  await createFirstAdmin({ email: "a@x.test", name: "A", password: "Admin-pass-12345", setupToken: prepared.state === "ready" ? prepared.token : "" }, { ip: null });
});
afterAll(async () => {
  delete process.env.BEACONPORT_LOGIN_MAX_FAILURES;
  delete process.env.BEACONPORT_LOGIN_MAX_FAILURES_PER_ADDRESS;
  await t.cleanup();
});

async function attempt(email: string, password: string, ip: string): Promise<string> {
  try {
    await authenticate({ email, password, ip, userAgent: null });
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.userMessage}`;
    throw error;
  }
}

describe("login rate limiting (stored in the database)", () => {
  it("locks an account after repeated failures, even for the right password", async () => {
    for (let i = 0; i < 3; i++) expect(await attempt("a@x.test", "wrong", `10.0.0.${i}`)).toMatch(/^UNAUTHENTICATED/);
    expect(await attempt("a@x.test", "Admin-pass-12345", "10.0.0.9")).toMatch(/^RATE_LIMITED: Too many failed sign-in attempts for this account\. Try again in 15 minutes\./);
    const verdict = await checkLoginLimit("A@X.test", null);
    expect(verdict).toMatchObject({ limited: true, scope: "account" });
  });

  it("locks a client address that sprays many accounts", async () => {
    for (let i = 0; i < 5; i++) expect(await attempt(`user${i}@x.test`, "wrong", "192.0.2.7")).toMatch(/^UNAUTHENTICATED/);
    expect(await attempt("someone-else@x.test", "whatever", "192.0.2.7")).toMatch(/^RATE_LIMITED: .*from this address/);
    expect(await attempt("someone-else@x.test", "whatever", "192.0.2.8")).toMatch(/^UNAUTHENTICATED/);
  });

  it("lets the lock expire with the window", async () => {
    await t.rawExec(`DELETE FROM "LoginFailure"`);
    const long = new Date(Date.now() - 16 * 60_000);
    for (let i = 0; i < 3; i++) await t.db.loginFailure.create({ data: { key: "account:a@x.test", at: long } });
    expect(await attempt("a@x.test", "Admin-pass-12345", "10.0.0.1")).toBe("ok");
  });
});
