import { expect, test } from "@playwright/test";
import { ADMIN } from "./support/users";

/**
 * Signing in through a hostile link ends on the portal. `/%09/evil.example` is the one that used to get
 * through: the query parser turns %09 into a tab, the old check looked only for CR/LF, and browsers strip
 * tabs from URLs, so `Location: /\t/evil.example` is `//evil.example`.
 */
// Raw query strings, as a link would carry them.
const HOSTILE = ["//evil.example/%2f..", "/%09/evil.example", "/%5Cevil.example", "https://evil.example/", "javascript:alert(document.domain)"];

for (const callback of HOSTILE) {
  test(`signing in from /login?callbackUrl=${callback} ends on the portal`, async ({ page }) => {
    await page.goto(`/login?callbackUrl=${callback}`);
    const portal = new URL(page.url()).origin;
    const offSite: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).origin !== portal) offSite.push(request.url());
    });
    await page.getByTestId("input-email").fill(ADMIN.email);
    await page.getByTestId("input-password").fill(ADMIN.password);
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("current-user-name")).toHaveText(ADMIN.name);
    expect(new URL(page.url()).origin).toBe(portal);
    expect(new URL(page.url()).pathname).toBe("/");
    expect(offSite).toEqual([]);
    // Already signed in: the login page redirects at once, through the same rule.
    await page.goto(`/login?callbackUrl=${callback}`);
    await expect(page.getByTestId("current-user-name")).toHaveText(ADMIN.name);
    expect(page.url()).toBe(`${portal}/`);
    expect(offSite).toEqual([]);
  });
}
