import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { actionManifest, postAction } from "./support/actions";
import { queryAll, userByEmail } from "./support/db";
import { createUserViaUi, newSignedInReviewer, signIn, signInAsAdmin, uniqueEmail } from "./support/users";
import { ACTIONS, API_ROUTES, PAGES } from "./routes";

/** What a refused action must leave untouched: every user-related row. */
/** One round trip: taken twice per action, it must stay cheap on PostgreSQL too (a child process per call). */
function snapshot(): string {
  const [users, tokens, sessions, denied] = queryAll([
    { sql: `SELECT id, email, role, disabled, "mustChangePassword", "passwordHash" FROM "User" ORDER BY id` },
    { sql: `SELECT id, "usedAt" FROM "PasswordToken" ORDER BY id` },
    { sql: `SELECT id FROM "Session" ORDER BY id` },
    { sql: `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = 'auth.denied'` },
  ]);
  return JSON.stringify({ users, tokens, sessions, denied });
}

function routeOf(manifestKey: string): string {
  const route = manifestKey.replace(/\/\([^)]+\)/g, "").replace(/\/(page|route)$/, "");
  return route === "" ? "/" : route;
}

test("the registry lists every page, API route and server action in the build", () => {
  const appPaths = JSON.parse(fs.readFileSync(path.resolve(".next/server/app-paths-manifest.json"), "utf8")) as Record<string, string>;
  const built = Object.keys(appPaths).filter((k) => !k.startsWith("/_"));
  const pages = built.filter((k) => k.endsWith("/page")).map(routeOf).sort();
  const routes = built.filter((k) => k.endsWith("/route")).map(routeOf).sort();
  expect(pages).toEqual([...new Set(PAGES.map((p) => p.route))].sort());
  expect(routes).toEqual([...new Set(API_ROUTES.map((r) => r.route))].sort());
  const actions = [...new Set(Object.values(actionManifest()).map((a) => a.exportedName))].sort();
  expect(actions).toEqual(ACTIONS.map((a) => a.name).sort());
});

test.describe("anonymous visitors", () => {
  for (const p of PAGES.filter((p) => p.access !== "public")) {
    test(`page ${p.path} redirects to sign-in`, async ({ page }) => {
      await page.goto(p.path);
      await expect(page).toHaveURL(/\/login/);
    });
  }

  for (const r of API_ROUTES.filter((r) => r.access !== "public")) {
    test(`${r.method} ${r.path} answers 401, even past the proxy with a forged cookie`, async ({ request }) => {
      expect((await request.fetch(r.path, { method: r.method })).status()).toBe(401);
      const forged = await request.fetch(r.path, { method: r.method, headers: { cookie: "authjs.session-token=forged" } });
      expect(forged.status()).toBe(401);
    });
  }

  test("every non-public server action is refused and changes nothing", async ({ browser, request }) => {
    // A walk over every action with a database snapshot before and after each: on PostgreSQL each
    // snapshot is a child process (e2e/support/db.ts), which on 2 busy cores outlasts the default minute.
    test.setTimeout(180_000);
    const admin = await browser.newPage();
    await signInAsAdmin(admin, null);
    const targetEmail = uniqueEmail("walk-target-anon");
    await createUserViaUi(admin, { email: targetEmail, name: "Walk Target", role: "reviewer" });
    await admin.close();
    const targetUserId = userByEmail(targetEmail)!.id;

    for (const a of ACTIONS.filter((a) => a.access !== "public")) {
      const before = snapshot();
      const input = a.input({ targetUserId, nonce: `anon-${a.name}` });
      // Without a cookie the proxy sends the request to sign-in ...
      const plain = await postAction(request, a.page, a.name, input);
      expect(plain.status, a.name).toBeGreaterThanOrEqual(300);
      expect(plain.status, a.name).toBeLessThan(400);
      expect(plain.location, a.name).toContain("/login");
      // ... and with a forged cookie that passes the proxy, the action wrapper itself refuses.
      const forged = await postAction(request, a.page, a.name, input, { cookie: "authjs.session-token=forged" });
      expect(forged.text, a.name).toContain('"code":"UNAUTHENTICATED"');
      expect(snapshot(), a.name).toBe(before);
    }
  });
});

test.describe("reviewers", () => {
  test("see reviewer pages, get 403 on admin pages and API routes", async ({ browser }) => {
    const admin = await browser.newPage();
    await signInAsAdmin(admin);
    const page = await browser.newPage();
    await newSignedInReviewer(admin, page);
    await admin.close();

    for (const p of PAGES.filter((p) => p.access === "reviewer")) {
      const response = await page.goto(p.path);
      expect(response?.status(), p.path).toBe(200);
      await expect(page.getByTestId("current-user-role"), p.path).toHaveText("Reviewer");
    }
    for (const p of PAGES.filter((p) => p.access === "admin")) {
      const response = await page.goto(p.path);
      expect(response?.status(), p.path).toBe(403);
      await expect(page.getByTestId("forbidden"), p.path).toBeVisible();
    }
    for (const r of API_ROUTES.filter((r) => r.access !== "public")) {
      const status = (await page.request.fetch(r.path, { method: r.method })).status();
      if (r.access === "admin") expect(status, r.path).toBe(403);
      // Allowed: any answer but a refusal or a crash (a registry path may name a missing record: 404).
      else expect([200, 404], r.path).toContain(status);
    }
    // The navigation does not offer what a reviewer may not use.
    await page.goto("/");
    await expect(page.getByTestId("nav-users")).toHaveCount(0);
    await page.close();
  });

  test("every admin server action is refused with 'not allowed' and changes nothing", async ({ browser }) => {
    // A walk over every action with a database snapshot before and after each: on PostgreSQL each
    // snapshot is a child process (e2e/support/db.ts), which on 2 busy cores outlasts the default minute.
    test.setTimeout(180_000);
    const admin = await browser.newPage();
    await signInAsAdmin(admin, null);
    const targetEmail = uniqueEmail("walk-target-rev");
    await createUserViaUi(admin, { email: targetEmail, name: "Walk Target", role: "reviewer" });
    const page = await browser.newPage();
    await newSignedInReviewer(admin, page);
    await admin.close();
    const targetUserId = userByEmail(targetEmail)!.id;
    const request: APIRequestContext = page.request;

    for (const a of ACTIONS.filter((a) => a.access === "admin")) {
      const before = snapshot();
      const result = await postAction(request, a.page, a.name, a.input({ targetUserId, nonce: `rev-${a.name}` }));
      expect(result.text, a.name).toContain('"code":"FORBIDDEN"');
      expect(result.text, a.name).toContain("You are not allowed to do that.");
      // The same rows, and exactly one more auth.denied event.
      const after = JSON.parse(snapshot()) as { denied: { n: number }[] };
      const expected = JSON.parse(before) as { denied: { n: number }[] };
      expected.denied[0]!.n += 1;
      expect(after, a.name).toEqual(expected);
    }
    await page.close();
  });
});

test.describe("users who must still change an initial password", () => {
  test("every page leads to the password change, every API route and action answers 403", async ({ browser }) => {
    test.setTimeout(180_000);
    const admin = await browser.newPage();
    await signInAsAdmin(admin);
    const email = uniqueEmail("walk-due");
    // An administrator: the role allows everything, only the pending password change may refuse.
    const temp = await createUserViaUi(admin, { email, name: "Dana Due", role: "admin" });
    const targetUserId = userByEmail(email)!.id;
    await admin.close();
    const page = await browser.newPage();
    await signIn(page, email, temp);
    await expect(page).toHaveURL(/\/account\?password=required/);

    for (const p of PAGES.filter((p) => p.access !== "public" && p.route !== "/account")) {
      await page.goto(p.path);
      await expect(page, p.path).toHaveURL(/\/account\?password=required/);
    }
    for (const r of API_ROUTES.filter((r) => r.access !== "public")) {
      const response = await page.request.fetch(r.path, { method: r.method });
      expect(response.status(), `${r.method} ${r.path}`).toBe(403);
      expect(await response.text(), r.path).toContain("Change your password first");
    }
    for (const a of ACTIONS.filter((a) => a.access !== "public" && a.name !== "changeOwnPasswordAction")) {
      const before = snapshot();
      const result = await postAction(page.request, a.page, a.name, a.input({ targetUserId, nonce: `due-${a.name}` }));
      expect(result.text, a.name).toContain("Change your password first");
      expect(snapshot(), a.name).toBe(before);
    }
    await page.close();
  });
});
