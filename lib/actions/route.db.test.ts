import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";

/**
 * Issue 11, item 9: route handlers refuse a user who must still change an initial password, as pages and
 * actions do, in one place (the route wrapper). A real handler built with route(), a real user and
 * session on a real database; only Next's request scope is stood in for (next/headers' cookies() needs a
 * running Next server).
 */
const cookies = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (cookies.has(name) ? { name, value: cookies.get(name) } : undefined) }),
}));

const { route } = await import("./route");
const { resolveSession } = await import("@/lib/auth/sessions");
const { SESSION_COOKIE, signedInSession } = await import("@/test/session-cookie");
const { createUser } = await import("@/lib/users/create-user");
const { changeOwnPassword } = await import("@/lib/users/change-own-password");
const { createTestFirstAdmin } = await import("@/test/first-admin");

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

describe("route() and a pending initial-password change", () => {
  it("refuses with 403 without running the handler, and admits once the password is changed", async () => {
    await createTestFirstAdmin({ email: "ada@x.test", name: "Ada", password: "Admin-pass-12345" });
    const admin = await t.db.user.findUniqueOrThrow({ where: { email: "ada@x.test" } });
    const { userId, credential } = await createUser({ email: "rex@x.test", name: "Rex", role: "reviewer", credential: "initial-password" }, { userId: admin.id, email: admin.email, ip: null });
    const { sid, cookie } = await signedInSession(userId);
    cookies.set(SESSION_COOKIE, cookie);

    let ran = 0;
    const GET = route({ role: "reviewer" }, async () => {
      ran++;
      return Response.json({ ok: true });
    });
    const call = () => GET(new Request("http://127.0.0.1/api/things"), { params: Promise.resolve({}) });

    const refused = await call();
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    expect(ran).toBe(0);

    const session = (await resolveSession(sid))!;
    if (credential.kind !== "initial-password") throw new Error("expected an initial password");
    await changeOwnPassword({ currentPassword: credential.password, password: "Reviewer-pass-67890" }, { userId, email: "rex@x.test", ip: null, sessionId: session.sessionId });
    const admitted = await call();
    expect(admitted.status).toBe(200);
    expect(ran).toBe(1);
  });
});
