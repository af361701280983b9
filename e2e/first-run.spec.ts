import { expect, test } from "@playwright/test";
import { postAction } from "./support/actions";
import fs from "node:fs";
import { query } from "./support/db";
import { readSetupToken, setupTokenPath } from "./support/setup-token";
import { ADMIN } from "./support/users";

test.describe.configure({ mode: "serial" });

test("with no users, every page leads to the first-administrator screen", async ({ page }) => {
  for (const path of ["/", "/users", "/audit", "/login", "/account"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/setup$/);
  }
  await expect(page.getByRole("heading", { name: "Create the first administrator" })).toBeVisible();
});

test("the server wrote the setup token to its data dir, readable by its owner only", () => {
  expect(fs.statSync(setupTokenPath()).mode & 0o777).toBe(0o600);
  expect(readSetupToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
});

test("without the setup token, or with a wrong one, nobody can create the first administrator", async ({ page, request }) => {
  for (const token of [null, "not-the-setup-token-0123456789abcdefghij"]) {
    await page.goto("/setup");
    if (token) await page.getByTestId("input-setupToken").fill(token);
    await page.getByTestId("input-name").fill("Mallory");
    await page.getByTestId("input-email").fill("mallory@evil.test");
    await page.getByTestId("input-password").fill("Hostile-takeover-77!");
    await page.getByTestId("input-confirmPassword").fill("Hostile-takeover-77!");
    await page.getByTestId("setup-submit").click();
    await expect(page.getByTestId("error-setupToken")).toBeVisible();
    await expect(page).toHaveURL(/\/setup$/);
  }
  // A crafted POST straight to the action is refused the same way.
  const result = await postAction(request, "/setup", "setupAction", {
    setupToken: "not-the-setup-token-0123456789abcdefghij",
    name: "Mallory",
    email: "mallory@evil.test",
    password: "Hostile-takeover-77!",
    confirmPassword: "Hostile-takeover-77!",
  });
  expect(result.text).toContain("FORBIDDEN");
  expect(query(`SELECT id FROM "User"`)).toHaveLength(0);
  expect(query(`SELECT id FROM "Installation"`)).toHaveLength(0);
});

test("the setup form enforces the password rule and keeps what was typed", async ({ page }) => {
  await page.goto("/setup");
  await page.getByTestId("input-setupToken").fill(readSetupToken());
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
  const file = setupTokenPath();
  await page.goto("/setup");
  await page.getByTestId("input-setupToken").fill(readSetupToken());
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
  // Spent: the token and its file are gone.
  expect(fs.existsSync(file)).toBe(false);
});

test("afterwards the setup screen is gone and a crafted POST is refused", async ({ page, request }) => {
  const response = await page.goto("/setup");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();

  const result = await postAction(request, "/setup", "setupAction", {
    setupToken: "guessed-setup-token-0123456789abcdefghij",
    name: "Mallory",
    email: "mallory@evil.test",
    password: "Hostile-takeover-77!",
    confirmPassword: "Hostile-takeover-77!",
  });
  expect(result.text).toContain("CONFLICT");
  expect(query(`SELECT id FROM "User" WHERE email = 'mallory@evil.test'`)).toHaveLength(0);
  expect(query(`SELECT id FROM "User"`)).toHaveLength(1);
});
