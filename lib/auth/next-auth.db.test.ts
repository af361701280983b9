import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { useTestDatabase, type TestDatabase } from "@/test/db";

/**
 * Issue 11, item 10 (sign-out): next-auth's own sign-out endpoint deletes the server-side session, so a
 * copy of the old cookie no longer works. Real requests through the exported next-auth handlers on a
 * real database; nothing is stood in for.
 */
const { handlers } = await import("./next-auth");
const { resolveSession } = await import("./sessions");
const { SESSION_COOKIE, signedInSession } = await import("@/test/session-cookie");
const { createTestFirstAdmin } = await import("@/test/first-admin");

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

describe("POST /api/auth/signout", () => {
  it("ends the session row, not just the cookie", async () => {
    await createTestFirstAdmin({ email: "ada@x.test", name: "Ada", password: "Admin-pass-12345" });
    const admin = await t.db.user.findUniqueOrThrow({ where: { email: "ada@x.test" } });
    const { sid, cookie } = await signedInSession(admin.id);
    expect(await resolveSession(sid)).not.toBeNull();
    const session = `${SESSION_COOKIE}=${cookie}`;

    // next-auth's CSRF double submit: the token from GET /api/auth/csrf, and the cookie it set.
    const csrf = await handlers.GET(new NextRequest("http://127.0.0.1/api/auth/csrf"));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = csrf.headers.getSetCookie().find((c) => c.startsWith("authjs.csrf-token="))!.split(";")[0];

    const signedOut = await handlers.POST(
      new NextRequest("http://127.0.0.1/api/auth/signout", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${csrfCookie}; ${session}` },
        body: new URLSearchParams({ csrfToken }).toString(),
      }),
    );
    expect(signedOut.status).toBe(302);
    // Accepted (a refused CSRF check redirects to the error page and clears nothing).
    expect(signedOut.headers.get("location")).not.toMatch(/error=/);
    expect(signedOut.headers.getSetCookie().some((c) => /^authjs\.session-token=;/.test(c))).toBe(true);
    expect(await resolveSession(sid)).toBeNull();
    expect(await t.db.session.count()).toBe(0);
  });
});
