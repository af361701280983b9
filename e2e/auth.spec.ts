import { expect, test } from "@playwright/test";
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
  // A success clears the account's failures, so later specs start clean.
  await signInAsAdmin(page);
});

test("failed sign-ins are rate limited per account with a clear message", async ({ page, browser }) => {
  const admin = await browser.newPage();
  await signInAsAdmin(admin);
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
  expect(query(`SELECT id FROM "LoginFailure" WHERE key = ?`, `account:${email}`)).toHaveLength(5);
});

test("a session idle longer than the timeout ends", async ({ page, browser }) => {
  const admin = await browser.newPage();
  await signInAsAdmin(admin);
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
