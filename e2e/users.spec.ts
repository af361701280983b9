import { expect, test } from "@playwright/test";
import { auditCount, query, userByEmail } from "./support/db";
import { createUserViaUi, signIn, signInAsAdmin, signInFirstTime, uniqueEmail } from "./support/users";

test("create a user with a one-time password; they must change it at first sign-in", async ({ page, browser }) => {
  await signInAsAdmin(page, null);
  const email = uniqueEmail("otp");
  const temp = await createUserViaUi(page, { email, name: "Otto One-time", role: "reviewer" });
  expect(temp).toMatch(/^\S{20}$/);
  // Shown once: a reload does not show it again, and the database holds only a hash.
  await page.reload();
  await expect(page.getByTestId("initial-password")).toHaveCount(0);
  const row = query<{ passwordHash: string }>(`SELECT "passwordHash" FROM "User" WHERE email = ?`, email)[0]!;
  expect(row.passwordHash).toMatch(/^\$argon2id\$/);
  expect(row.passwordHash).not.toContain(temp);

  const other = await browser.newPage();
  await signInFirstTime(other, email, temp, "Otto-own-pass-2026");
  await other.goto("/");
  await expect(other.getByTestId("current-user-role")).toHaveText("Reviewer");
  await other.close();
});

test("create a user with a set-password link that works once", async ({ page, browser }) => {
  await signInAsAdmin(page, null);
  const email = uniqueEmail("link");
  const link = await createUserViaUi(page, { email, name: "Lina Link", role: "reviewer", credential: "set-password-link" });
  const path = new URL(link).pathname;
  expect(query<{ tokenHash: string }>(`SELECT "tokenHash" FROM "PasswordToken" t JOIN "User" u ON u.id = t."userId" WHERE u.email = ?`, email)[0]!.tokenHash).not.toContain(path.split("/").pop());

  const invitee = await browser.newPage();
  await invitee.goto(path);
  await expect(invitee.getByTestId("set-password-email")).toHaveText(email);
  await invitee.getByTestId("input-password").fill("Lina-chosen-pass-9");
  await invitee.getByTestId("input-confirmPassword").fill("Lina-chosen-pass-9");
  await invitee.getByTestId("set-password-submit").click();
  await expect(invitee.getByTestId("password-set-notice")).toBeVisible();
  await signIn(invitee, email, "Lina-chosen-pass-9");
  await expect(invitee.getByTestId("current-user-name")).toHaveText("Lina Link");
  // The link is spent.
  await invitee.goto(path);
  await expect(invitee.getByTestId("set-password-invalid")).toBeVisible();
  await invitee.close();
});

test("change a user's role", async ({ page }) => {
  await signInAsAdmin(page, null);
  const email = uniqueEmail("promote");
  await createUserViaUi(page, { email, name: "Pam Promote", role: "reviewer" });
  await page.goto("/users");
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await row.getByTestId("user-role-select").selectOption("admin");
  await row.getByTestId("user-role-save").click();
  await expect(row.getByTestId("user-role")).toHaveText("Administrator");
  expect(userByEmail(email)!.role).toBe("admin");
  expect(auditCount("user.role")).toBeGreaterThanOrEqual(1);
});

test("disabling a user signs them out at their next request", async ({ page, browser }) => {
  await signInAsAdmin(page, null);
  const email = uniqueEmail("disable");
  const temp = await createUserViaUi(page, { email, name: "Dora Disabled", role: "reviewer" });
  const victim = await browser.newPage();
  await signInFirstTime(victim, email, temp, "Dora-own-pass-2026");
  await victim.goto("/audit");
  await expect(victim.getByTestId("current-user-name")).toHaveText("Dora Disabled");

  await page.goto("/users");
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await row.getByTestId("user-toggle-disabled").click();
  await expect(row.getByTestId("user-disabled")).toBeVisible();

  await victim.goto("/audit");
  await expect(victim).toHaveURL(/\/login/);
  await signIn(victim, email, "Dora-own-pass-2026");
  await expect(victim.getByTestId("login-error")).toContainText("disabled");
  await victim.close();
});

test("resetting a password ends the user's sessions and issues a new one-time password", async ({ page, browser }) => {
  await signInAsAdmin(page, null);
  const email = uniqueEmail("reset");
  const temp = await createUserViaUi(page, { email, name: "Remy Reset", role: "reviewer" });
  const user = await browser.newPage();
  await signInFirstTime(user, email, temp, "Remy-own-pass-2026");

  await page.goto("/users");
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await row.getByTestId("user-reset-password").click();
  const fresh = (await row.getByTestId("initial-password").textContent())!.trim();
  expect(fresh).not.toBe(temp);

  await user.goto("/");
  await expect(user).toHaveURL(/\/login/);
  await signIn(user, email, "Remy-own-pass-2026");
  await expect(user.getByTestId("login-error")).toContainText("Invalid email or password.");
  await signInFirstTime(user, email, fresh, "Remy-newer-pass-2026");
  await user.close();
});

test("the last active administrator cannot be demoted or disabled", async ({ page }) => {
  await signInAsAdmin(page);
  // Other specs may have promoted users; demote them so the signed-in admin is the only one left.
  const others = query<{ email: string }>(`SELECT email FROM "User" WHERE role = 'admin' AND NOT disabled AND email <> 'admin@beaconport.test'`);
  await page.goto("/users");
  for (const { email } of others) {
    const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
    await row.getByTestId("user-toggle-disabled").click();
    await expect(row.getByTestId("user-disabled")).toBeVisible();
  }
  const me = page.locator(`[data-testid="user-row"][data-email="admin@beaconport.test"]`);
  await me.getByTestId("user-role-select").selectOption("reviewer");
  await me.getByTestId("user-role-save").click();
  await expect(me.getByTestId("user-role-error")).toContainText("last active administrator");
  await me.getByTestId("user-toggle-disabled").click();
  await expect(me.getByTestId("user-disable-error")).toContainText("last active administrator");
  expect(userByEmail("admin@beaconport.test")).toMatchObject({ role: "admin", disabled: 0 });
});
