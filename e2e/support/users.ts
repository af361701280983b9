import { expect, type Page } from "@playwright/test";
import { postAction } from "./actions";

/** The administrator created by first-run.spec.ts; every other spec builds on it. */
export const ADMIN = { email: "admin@beaconport.test", name: "Ada Admin", password: "Beacon-first-pass-2026" };

let counter = 0;
export function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}@beaconport.test`;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByTestId("input-email").fill(email);
  await page.getByTestId("input-password").fill(password);
  await page.getByTestId("login-submit").click();
}

/**
 * Signs the administrator in with the request the login form sends (the login action), without drawing
 * the form: the form itself is tested in auth.spec.ts and first-run.spec.ts, and every spec that only needs
 * a signed-in administrator saves a page load. Then opens `landing` (null: stay where the page is, for a
 * helper that navigates next) and checks the portal knows who is signed in.
 */
export async function signInAsAdmin(page: Page, landing: string | null = "/"): Promise<void> {
  const reply = await postAction(page.request, "/login", "loginAction", { email: ADMIN.email, password: ADMIN.password });
  const session = (await page.context().cookies()).find((c) => c.name === "authjs.session-token");
  expect(session, `sign-in answered ${reply.status}: ${reply.text.slice(0, 300)}`).toBeDefined();
  if (landing === null) return;
  await page.goto(landing);
  await expect(page.getByTestId("current-user-name")).toHaveText(ADMIN.name);
}

/** Signs the administrator in by filling the login form, for specs about what the login page loads or allows. */
export async function signInAsAdminWithForm(page: Page): Promise<void> {
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page.getByTestId("current-user-name")).toHaveText(ADMIN.name);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/login/);
}

/** Creates a user on the Users page (as the signed-in admin); returns the one-time secret shown once. */
export async function createUserViaUi(page: Page, user: { email: string; name: string; role: "admin" | "reviewer"; credential?: "initial-password" | "set-password-link" }): Promise<string> {
  await page.goto("/users");
  const form = page.getByTestId("create-user-form");
  await form.getByTestId("input-name").fill(user.name);
  await form.getByTestId("input-email").fill(user.email);
  await form.getByTestId("select-role").selectOption(user.role);
  await form.getByTestId("select-credential").selectOption(user.credential ?? "initial-password");
  await page.getByTestId("create-user-submit").click();
  const secret = page.getByTestId(user.credential === "set-password-link" ? "set-password-link" : "initial-password");
  await expect(secret).toBeVisible();
  if (user.credential === "set-password-link") await expect(secret).toContainText("/set-password/");
  return (await secret.textContent())!.trim();
}

/** First sign-in with a one-time password: the app insists on a new password first. */
export async function signInFirstTime(page: Page, email: string, oneTimePassword: string, newPassword: string): Promise<void> {
  await signIn(page, email, oneTimePassword);
  await expect(page).toHaveURL(/\/account\?password=required/);
  await expect(page.getByTestId("password-change-required")).toBeVisible();
  await page.getByTestId("input-currentPassword").fill(oneTimePassword);
  await page.getByTestId("input-password").fill(newPassword);
  await page.getByTestId("input-confirmPassword").fill(newPassword);
  await page.getByTestId("change-password-submit").click();
  await expect(page.getByTestId("password-changed")).toBeVisible();
}

/** A reviewer with a known password, signed in on `page`. Uses `adminPage` to create it. */
export async function newSignedInReviewer(adminPage: Page, page: Page): Promise<{ email: string; password: string }> {
  const email = uniqueEmail("reviewer");
  const temp = await createUserViaUi(adminPage, { email, name: "Rita Reviewer", role: "reviewer" });
  const password = "Reviewer-pass-2026!";
  await signInFirstTime(page, email, temp, password);
  return { email, password };
}
