/**
 * Getting around a connection: the Connections list and the connection view link to the access map
 * (everyone) and to Manage (admins, saved connections); a reviewer sees no way to Manage and is refused
 * if they go there anyway.
 */
import { expect, test } from "@playwright/test";
import { saveConnection } from "./support/saved-connection";
import { seedConnection } from "./support/seed";
import { newSignedInReviewer, signInAsAdmin } from "./support/users";
import { checkLayout } from "./support/layout";

test("the list and the connection view link to the access map for everyone and to Manage for admins only", async ({ page, browser }) => {
  const name = `Navigate ${Date.now()}`;
  const seeded = seedConnection({ storeSecret: true, externalId: "e2e-navigation-external-01", targets: ["222222222222"], connectionName: name });
  saveConnection(seeded.connectionId);

  // Admin: list → view → map → back to the view → manage.
  await signInAsAdmin(page, "/connections");
  const row = page.getByTestId(`connection-row-${seeded.connectionId}`);
  await expect(row.getByTestId("connection-manage")).toHaveAttribute("href", `/connections/${seeded.connectionId}/manage`);
  await row.getByTestId("connection-map").click();
  await expect(page).toHaveURL(new RegExp(`/connections/${seeded.connectionId}/map$`));
  await expect(page.getByRole("heading", { name: `Access map · ${name}` })).toBeVisible();

  await page.goto("/connections");
  await page.getByTestId(`connection-row-${seeded.connectionId}`).getByTestId("connection-link").click();
  await expect(page).toHaveURL(new RegExp(`/connections/${seeded.connectionId}$`));
  await checkLayout(page, "connection-view-admin");
  await page.getByTestId("connection-open-map").click();
  await expect(page).toHaveURL(new RegExp(`/connections/${seeded.connectionId}/map$`));
  await expect(page.getByTestId("map-summary")).toBeVisible();
  await page.goBack();
  await page.getByTestId("connection-open-manage").click();
  await expect(page).toHaveURL(new RegExp(`/connections/${seeded.connectionId}/manage$`));
  await expect(page.getByRole("heading", { name: `Manage ${name}` })).toBeVisible();

  // Reviewer: the map from the list and from the view, but Manage nowhere; the URL itself is refused.
  const context = await browser.newContext();
  const reviewer = await context.newPage();
  await newSignedInReviewer(page, reviewer);
  await reviewer.goto("/connections");
  const reviewerRow = reviewer.getByTestId(`connection-row-${seeded.connectionId}`);
  await expect(reviewerRow.getByTestId("connection-map")).toBeVisible();
  await expect(reviewer.getByTestId("connection-manage")).toHaveCount(0);
  await reviewerRow.getByTestId("connection-link").click();
  await expect(reviewer).toHaveURL(new RegExp(`/connections/${seeded.connectionId}$`));
  await expect(reviewer.getByTestId("connection-open-manage")).toHaveCount(0);
  await expect(reviewer.getByRole("link", { name: "Manage", exact: true })).toHaveCount(0);
  await reviewer.getByTestId("connection-open-map").click();
  await expect(reviewer).toHaveURL(new RegExp(`/connections/${seeded.connectionId}/map$`));
  await expect(reviewer.getByTestId("map-summary")).toBeVisible();
  expect((await reviewer.goto(`/connections/${seeded.connectionId}/manage`))?.status()).toBe(403);
  await context.close();
});
