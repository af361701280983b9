import { expect, request as playwrightRequest, test } from "@playwright/test";
import { auditCount, exec, query, userByEmail } from "./support/db";
import { ADMIN, createUserViaUi, signIn, signInAsAdmin, signInFirstTime, signOut, uniqueEmail } from "./support/users";

test("sign in and sign out", async ({ page }) => {
  await page.goto("/users");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fusers/);
  await page.getByTestId("input-email").fill(ADMIN.email);
  await page.getByTestId("input-password").fill(ADMIN.password);
  await page.getByTestId("login-submit").click();
  // Back where the visitor wanted to go.
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByTestId("current-user-name")).toHaveText(ADMIN.name);
  await signOut(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("a wrong password gets one message for every case, and keeps the email", async ({ page }) => {
  await signIn(page, ADMIN.email, "not-the-password-1");
  await expect(page.getByTestId("login-error")).toContainText("Invalid email or password.");
  await expect(page.getByTestId("input-email")).toHaveValue(ADMIN.email);
  await signIn(page, "nobody@beaconport.test", "not-the-password-1");
  await expect(page.getByTestId("login-error")).toContainText("Invalid email or password.");
  // A success gives back its own reservation; the two failures stay counted for their window.
  await signInAsAdmin(page);
});

test("failed sign-ins are rate limited per account with a clear message", async ({ page, browser }) => {
  const admin = await browser.newPage();
  await signInAsAdmin(admin, null);
  const email = uniqueEmail("locked");
  const temp = await createUserViaUi(admin, { email, name: "Lou Locked", role: "reviewer" });
  await admin.close();

  for (let i = 0; i < 5; i++) {
    await signIn(page, email, `wrong-password-${i}`);
    await expect(page.getByTestId("login-error")).toContainText("Invalid email or password.");
  }
  await signIn(page, email, "wrong-password-5");
  await expect(page.getByTestId("login-error")).toContainText(/Too many failed sign-in attempts for this account\. Try again in \d+ minutes\./);
  // Even the right password is refused while locked.
  await signIn(page, email, temp);
  await expect(page.getByTestId("login-error")).toContainText("Too many failed sign-in attempts");
  await expect(page).toHaveURL(/\/login/);
  expect(auditCount("auth.login.blocked")).toBeGreaterThanOrEqual(2);
  // Failures are stored in the database: the limit survives a restart.
  expect(query<{ count: number }>(`SELECT "count" FROM "LoginCounter" WHERE key = ?`, `account:${email}`).map((r) => Number(r.count))).toEqual([5]);
});

test("a session idle longer than the timeout ends", async ({ page, browser }) => {
  const admin = await browser.newPage();
  await signInAsAdmin(admin, null);
  const email = uniqueEmail("idle");
  const temp = await createUserViaUi(admin, { email, name: "Ida Idle", role: "reviewer" });
  await admin.close();
  await signInFirstTime(page, email, temp, "Idle-reviewer-pass-1");
  await page.goto("/audit");
  await expect(page.getByTestId("current-user-name")).toHaveText("Ida Idle");

  // Age this user's session past the default idle timeout (8 h) as if the browser had sat unused.
  const user = userByEmail(email)!;
  const nineHoursAgo = new Date(Date.now() - 9 * 3600_000).toISOString();
  expect(exec(`UPDATE "Session" SET "lastSeenAt" = ? WHERE "userId" = ?`, nineHoursAgo, user.id)).toBe(1);
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/login/);
  expect(query(`SELECT id FROM "Session" WHERE "userId" = ?`, user.id)).toHaveLength(0);
});

test("posting an email and password straight to next-auth's credentials callback signs nobody in", async ({ request }) => {
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email: ADMIN.email, password: ADMIN.password },
    maxRedirects: 0,
  });
  const state = await request.storageState();
  expect(state.cookies.map((c) => c.name)).not.toContain("authjs.session-token");
});

test("the client address is the socket's: a varying X-Forwarded-For or a forged peer header still hits the per-address limit", async ({ page }) => {
  // Every browser here is 127.0.0.1: start this address's budget from zero and give it back afterwards,
  // or later specs could not sign in for the rest of the window.
  const reset = () => exec(`DELETE FROM "LoginCounter" WHERE key = ?`, "ip:127.0.0.1");
  reset();
  try {
    const perAddress = 20;
    for (let i = 0; i < perAddress; i++) {
      await page.setExtraHTTPHeaders({ "x-forwarded-for": `198.51.100.${i}`, "x-real-ip": `198.51.100.${i}`, "x-beaconport-peer": `203.0.113.${i}` });
      await signIn(page, uniqueEmail(`spray-${i}`), "wrong-password-1");
      await expect(page.getByTestId("login-error")).toContainText("Invalid email or password.");
    }
    await page.setExtraHTTPHeaders({ "x-forwarded-for": "198.51.100.200", "x-beaconport-peer": "203.0.113.200" });
    await signIn(page, uniqueEmail("spray-last"), "wrong-password-1");
    await expect(page.getByTestId("login-error")).toContainText("Too many failed sign-in attempts from this address");
    // The audit trail names the socket's address, never what the client claimed.
    const ips = query<{ ip: string | null }>(`SELECT ip FROM "AuditEvent" WHERE "action" = 'auth.login.failed' AND "actorEmail" LIKE 'spray-%'`).map((r) => r.ip);
    expect(ips.length).toBeGreaterThanOrEqual(perAddress);
    expect(new Set(ips)).toEqual(new Set(["127.0.0.1"]));
  } finally {
    reset();
  }
});

test("next-auth's own sign-out endpoint ends the server-side session: the old cookie no longer works", async ({ page, baseURL }) => {
  await signInAsAdmin(page);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "authjs.session-token");
  expect(session).toBeDefined();
  const sessionsBefore = query(`SELECT id FROM "Session"`).length;

  // A copy of the cookie, as an attacker who lifted it would hold.
  const replay = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie: `authjs.session-token=${session!.value}` } });
  expect((await replay.get("/api/audit/verify")).status()).toBe(200);

  const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signedOut = await page.request.post("/api/auth/signout", { form: { csrfToken: csrf.csrfToken }, maxRedirects: 0 });
  expect(signedOut.status()).toBeLessThan(400);
  expect(query(`SELECT id FROM "Session"`).length).toBe(sessionsBefore - 1);

  expect((await replay.get("/api/audit/verify")).status()).toBe(401);
  await replay.dispose();
});

test("a browser that signed in before gets in while failures elsewhere lock the account", async ({ page, browser }) => {
  const admin = await browser.newPage();
  await signInAsAdmin(admin, null);
  const email = uniqueEmail("known-browser");
  const temp = await createUserViaUi(admin, { email, name: "Kim Known", role: "reviewer" });
  await admin.close();
  const password = "Known-browser-pass-1";
  await signInFirstTime(page, email, temp, password);
  const device = (await page.context().cookies()).find((c) => c.name === "beaconport-device");
  expect(device?.httpOnly).toBe(true);
  await signOut(page);

  // Someone else, in another browser, fails on purpose until the account is locked.
  const attacker = await browser.newPage();
  for (let i = 0; i < 5; i++) await signIn(attacker, email, `attacker-guess-${i}`);
  await signIn(attacker, email, password);
  await expect(attacker.getByTestId("login-error")).toContainText("Too many failed sign-in attempts for this account");
  await attacker.close();

  // The known browser is limited on its own counter: it signs in.
  await signIn(page, email, password);
  await expect(page.getByTestId("current-user-name")).toHaveText("Kim Known");
});
