import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { verifyAuditChain } from "@/lib/audit";
import { authenticate } from "@/lib/auth/authenticate";
import { verifyPassword } from "@/lib/auth/hash";
import { resolveSession } from "@/lib/auth/sessions";
import { prepareSetupToken } from "@/lib/auth/setup-token";
import { AppError } from "@/lib/errors";
import { changeRole } from "./change-role";
import { createFirstAdmin } from "./create-first-admin";
import { createUser } from "./create-user";
import { listUsers } from "./list-users";
import { resetPassword } from "./reset-password";
import { setPasswordWithToken } from "./set-password-with-token";
import { setUserDisabled } from "./set-user-disabled";
import type { Actor } from "./types";

let t: TestDatabase;
let admin: Actor;
const meta = { ip: "127.0.0.1", userAgent: "vitest" };

beforeAll(async () => {
  t = await useTestDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

async function expectAppError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).userMessage).toMatch(message);
}

describe("users on a real database", () => {
  it("creates exactly one first administrator even when two requests race", async () => {
    const prepared = await prepareSetupToken();
    const setupToken = prepared.state === "ready" ? prepared.token : "";
    const attempts = await Promise.allSettled([
      createFirstAdmin({ email: "first@x.test", name: "First", password: "First-admin-pass-1", setupToken }, meta),
      createFirstAdmin({ email: "second@x.test", name: "Second", password: "Second-admin-pass-1", setupToken }, meta),
    ]);
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    const rejected = attempts.find((a) => a.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as AppError).code).toBe("CONFLICT");
    const users = await t.db.user.findMany();
    expect(users).toHaveLength(1);
    expect(users[0]!.role).toBe("admin");
    admin = { userId: users[0]!.id, email: users[0]!.email, ip: "127.0.0.1" };
    await expectAppError(createFirstAdmin({ email: "late@x.test", name: "Late", password: "Late-admin-pass-1", setupToken }, meta), "CONFLICT");
  });

  it("never returns password hashes unless asked (global omit)", async () => {
    const row = await t.db.user.findFirstOrThrow();
    expect(row).not.toHaveProperty("passwordHash");
    const views = await listUsers();
    expect(JSON.stringify(views)).not.toContain("argon2");
  });

  it("creates users with a one-time password that must be changed, and refuses duplicates", async () => {
    const { userId, credential } = await createUser({ email: "rev@x.test", name: "Rev", role: "reviewer", credential: "initial-password" }, admin);
    expect(credential.kind).toBe("initial-password");
    const row = await t.db.user.findUniqueOrThrow({ where: { id: userId }, omit: { passwordHash: false } });
    expect(row.mustChangePassword).toBe(true);
    expect(await verifyPassword(row.passwordHash, credential.kind === "initial-password" ? credential.password : "")).toBe(true);
    await expectAppError(createUser({ email: "rev@x.test", name: "Again", role: "admin", credential: "initial-password" }, admin), "CONFLICT");
  });

  it("a set-password link works once and stores only a hash", async () => {
    const { credential } = await createUser({ email: "link@x.test", name: "Link", role: "reviewer", credential: "set-password-link" }, admin);
    if (credential.kind !== "set-password-link") throw new Error("expected a link");
    const stored = await t.db.passwordToken.findFirstOrThrow({ omit: { tokenHash: false } });
    expect(stored.tokenHash).not.toBe(credential.token);
    await setPasswordWithToken({ token: credential.token, password: "Link-chosen-pass-1" }, meta);
    await expectAppError(setPasswordWithToken({ token: credential.token, password: "Another-pass-123" }, meta), "NOT_FOUND");
    const user = await authenticate({ email: "link@x.test", password: "Link-chosen-pass-1", ...meta });
    expect(user.email).toBe("link@x.test");
  });

  it("a set-password link used N times at once sets exactly one password", async () => {
    const { userId, credential } = await createUser({ email: "race@x.test", name: "Race", role: "reviewer", credential: "set-password-link" }, admin);
    if (credential.kind !== "set-password-link") throw new Error("expected a link");
    const passwords = Array.from({ length: 5 }, (_, i) => `Race-pass-number-${i}`);
    const results = await Promise.allSettled(passwords.map((password) => setPasswordWithToken({ token: credential.token, password }, meta)));
    const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [passwords[i]!] : []));
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as AppError).code).toBe("NOT_FOUND");
    const row = await t.db.user.findUniqueOrThrow({ where: { id: userId }, omit: { passwordHash: false } });
    expect(await verifyPassword(row.passwordHash, won[0]!)).toBe(true);
    expect(await t.db.auditEvent.count({ where: { action: "user.set-password", entityId: userId } })).toBe(1);
  });

  it("an expired set-password link, or one for a disabled user, is refused and stays unused", async () => {
    const { userId, credential } = await createUser({ email: "late-link@x.test", name: "Late", role: "reviewer", credential: "set-password-link" }, admin);
    if (credential.kind !== "set-password-link") throw new Error("expected a link");
    await expectAppError(setPasswordWithToken({ token: credential.token, password: "Too-late-pass-1" }, meta, new Date(Date.now() + 73 * 3600_000)), "NOT_FOUND");
    await t.db.user.update({ where: { id: userId }, data: { disabled: true } });
    await expectAppError(setPasswordWithToken({ token: credential.token, password: "Disabled-pass-1" }, meta), "NOT_FOUND");
    expect((await t.db.passwordToken.findFirstOrThrow({ where: { userId } })).usedAt).toBeNull();
    await t.db.user.update({ where: { id: userId }, data: { disabled: false } });
    await setPasswordWithToken({ token: credential.token, password: "In-time-pass-1" }, meta);
  });

  it("disabling ends the user's sessions at once", async () => {
    const user = await authenticate({ email: "link@x.test", password: "Link-chosen-pass-1", ...meta });
    expect(await resolveSession(user.sessionToken)).not.toBeNull();
    await setUserDisabled({ userId: user.id, disabled: true }, admin);
    expect(await resolveSession(user.sessionToken)).toBeNull();
    await expectAppError(authenticate({ email: "link@x.test", password: "Link-chosen-pass-1", ...meta }), "FORBIDDEN", /disabled/);
  });

  it("keeps at least one active administrator", async () => {
    await expectAppError(changeRole({ userId: admin.userId, role: "reviewer" }, admin), "CONFLICT", /last active administrator/);
    await expectAppError(setUserDisabled({ userId: admin.userId, disabled: true }, admin), "CONFLICT", /last active administrator/);
    const rev = await t.db.user.findUniqueOrThrow({ where: { email: "rev@x.test" } });
    await changeRole({ userId: rev.id, role: "admin" }, admin);
    // With a second admin, the first may step down.
    await changeRole({ userId: admin.userId, role: "reviewer" }, admin);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: admin.userId } })).role).toBe("reviewer");
    await changeRole({ userId: admin.userId, role: "admin" }, admin);
  });

  it("resetting a password ends sessions and invalidates the old password", async () => {
    const session = await authenticate({ email: "first@x.test", password: "First-admin-pass-1", ...meta }).catch(() => null)
      ?? await authenticate({ email: "second@x.test", password: "Second-admin-pass-1", ...meta });
    const { credential } = await resetPassword({ userId: session.id, credential: "initial-password" }, admin);
    expect(await resolveSession(session.sessionToken)).toBeNull();
    if (credential.kind !== "initial-password") throw new Error("expected a password");
    const again = await authenticate({ email: session.email, password: credential.password, ...meta });
    expect((await resolveSession(again.sessionToken))?.mustChangePassword).toBe(true);
  });

  it("recorded every change in an intact audit chain, without secrets", async () => {
    const verdict = await verifyAuditChain();
    expect(verdict.ok).toBe(true);
    const actions = (await t.db.auditEvent.findMany({ orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["setup.first-admin", "user.create", "user.set-password", "user.disable", "user.role", "user.reset-password", "auth.login"]));
    const all = JSON.stringify(await t.db.auditEvent.findMany({ omit: { seq: true } }));
    expect(all).not.toMatch(/argon2|Link-chosen-pass-1/);
  });
});
