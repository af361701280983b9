import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { authenticate } from "@/lib/auth/authenticate";
import { changeOwnPassword } from "./change-own-password";
import { createTestFirstAdmin } from "@/test/first-admin";

const EMAIL = "owner@x.test";
const PASSWORD = "Owner-pass-12345";
let t: TestDatabase;
let actor: { userId: string; email: string; ip: string; sessionId: string };

beforeAll(async () => {
  t = await useTestDatabase();
  process.env.BEACONPORT_LOGIN_MAX_FAILURES = "3";
  resetEnvCache();
  await createTestFirstAdmin({ email: EMAIL, name: "Owner", password: PASSWORD });
  const user = await t.db.user.findUniqueOrThrow({ where: { email: EMAIL } });
  actor = { userId: user.id, email: EMAIL, ip: "192.0.2.50", sessionId: "no-session" };
});
afterAll(async () => {
  delete process.env.BEACONPORT_LOGIN_MAX_FAILURES;
  await t.cleanup();
});
beforeEach(async () => {
  await t.rawExec(`DELETE FROM "LoginCounter"`);
});

async function change(currentPassword: string, password: string): Promise<string> {
  try {
    await changeOwnPassword({ currentPassword, password }, actor);
    return "changed";
  } catch (error) {
    if (error instanceof AppError) return JSON.stringify({ code: error.code, message: error.userMessage, fields: error.fieldErrors });
    throw error;
  }
}

describe("re-entering the current password is no oracle", () => {
  it("wrong current passwords count against the sign-in limit and are audited", async () => {
    const refusedBefore = await t.db.auditEvent.count({ where: { action: "user.change-password.refused" } });
    for (let i = 0; i < 3; i++) expect(await change(`guess-${i}-abcdefgh`, "Brand-new-pass-2026")).toContain("The current password is not correct.");
    expect(await t.db.auditEvent.count({ where: { action: "user.change-password.refused" } })).toBe(refusedBefore + 3);
    // The next guess is not checked at all, even when it is right ...
    expect(await change(PASSWORD, "Brand-new-pass-2026")).toContain('"code":"RATE_LIMITED"');
    // ... and the sign-in form shares the lock.
    await expect(authenticate({ email: EMAIL, password: PASSWORD, ip: "192.0.2.51", userAgent: null })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    const user = await t.db.user.findUniqueOrThrow({ where: { email: EMAIL }, omit: { passwordHash: false } });
    expect(await authenticateAfterWindow()).toBe(true);
    expect((await t.db.user.findUniqueOrThrow({ where: { email: EMAIL }, omit: { passwordHash: false } })).passwordHash).toBe(user.passwordHash);
  });

  it("a new password that breaks the rule gets one answer whether the current one is right or not", async () => {
    const right = await change(PASSWORD, "short");
    const wrong = await change("not-the-password-1", "short");
    expect(wrong).toBe(right);
    expect(right).toContain('"code":"VALIDATION"');
    expect(right).not.toContain("current");
    // Neither was a password check.
    expect(await t.db.loginCounter.count()).toBe(0);
  });
});

async function authenticateAfterWindow(): Promise<boolean> {
  await t.db.loginCounter.updateMany({ data: { windowStart: new Date(Date.now() - 16 * 60_000) } });
  const user = await authenticate({ email: EMAIL, password: PASSWORD, ip: "192.0.2.51", userAgent: null });
  return user.email === EMAIL;
}
