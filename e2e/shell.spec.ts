import { expect, test } from "@playwright/test";
import { signInAsAdmin, signInAsAdminWithForm } from "./support/users";
import { keepScreenshot } from "./support/layout";

test("the shell at 1280 px: sidebar, user, role and sign-out", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAsAdmin(page);
  await expect(page.locator("aside").getByTestId("nav-users")).toBeVisible();
  await expect(page.getByTestId("nav-toggle")).toBeHidden();
  await expect(page.getByTestId("current-user-role")).toHaveText("Administrator");
  await expect(page.getByTestId("sign-out")).toBeVisible();
  await keepScreenshot(page, "shell-1280.png");
});

test("the shell at 390 px: collapsible navigation, no horizontal scroll", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAsAdmin(page);
  await expect(page.getByTestId("nav-toggle")).toBeVisible();
  await expect(page.locator("#mobile-nav")).toBeHidden();
  await keepScreenshot(page, "shell-390.png");
  await page.getByTestId("nav-toggle").click();
  await expect(page.locator("#mobile-nav")).toBeVisible();
  await keepScreenshot(page, "shell-390-menu.png");
  await page.locator("#mobile-nav").getByTestId("nav-audit").click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.locator("#mobile-nav")).toBeHidden();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("no request leaves the machine", async ({ page }) => {
  const foreign: string[] = [];
  page.on("request", (r) => {
    const host = new URL(r.url()).hostname;
    if (!["127.0.0.1", "localhost"].includes(host) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  await signInAsAdminWithForm(page);
  for (const path of ["/", "/connections", "/audit", "/users", "/account"]) await page.goto(path);
  expect(foreign).toEqual([]);
});
