import { expect, test } from "@playwright/test";
import { postAction } from "./support/actions";
import { query } from "./support/db";
import { ADMIN } from "./support/users";

test.describe.configure({ mode: "serial" });

test("with no users, every page leads to the first-administrator screen", async ({ page }) => {
  for (const path of ["/", "/users", "/audit", "/login", "/account"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/setup$/);
  }
  await expect(page.getByRole("heading", { name: "Create the first administrator" })).toBeVisible();
});

test("the setup form enforces the password rule and keeps what was typed", async ({ page }) => {
  await page.goto("/setup");
  await page.getByTestId("input-name").fill(ADMIN.name);
  await page.getByTestId("input-email").fill(ADMIN.email);
  await page.getByTestId("input-password").fill("short");
  await page.getByTestId("input-confirmPassword").fill("short");
  await page.getByTestId("setup-submit").click();
  await expect(page.getByTestId("error-password")).toContainText("at least 12");
  await expect(page.getByTestId("input-email")).toHaveValue(ADMIN.email);
  expect(query(`SELECT id FROM "User"`)).toHaveLength(0);
});

test("creates the first administrator and signs them in", async ({ page }) => {
  await page.goto("/setup");
  await page.getByTestId("input-name").fill(ADMIN.name);
  await page.getByTestId("input-email").fill(ADMIN.email);
  await page.getByTestId("input-password").fill(ADMIN.password);
  await page.getByTestId("input-confirmPassword").fill(ADMIN.password);
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("current-user-name")).toHaveText(ADMIN.name);
  await expect(page.getByTestId("current-user-role")).toHaveText("Administrator");
  await expect(page.getByTestId("dashboard-empty")).toContainText("No connections yet");
  expect(query<{ role: string }>(`SELECT role FROM "User"`)).toEqual([{ role: "admin" }]);
});

test("afterwards the setup screen is gone and a crafted POST is refused", async ({ page, request }) => {
  const response = await page.goto("/setup");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();

  const result = await postAction(request, "/setup", "setupAction", {
    name: "Mallory",
    email: "mallory@evil.test",
    password: "Hostile-takeover-77!",
    confirmPassword: "Hostile-takeover-77!",
  });
  expect(result.text).toContain("CONFLICT");
  expect(query(`SELECT id FROM "User" WHERE email = 'mallory@evil.test'`)).toHaveLength(0);
  expect(query(`SELECT id FROM "User"`)).toHaveLength(1);
});
