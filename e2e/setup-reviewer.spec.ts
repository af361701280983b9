/**
 * A reviewer sees a configured connection's results (accounts, roles, status, last test, reasons,
 * inventory counts) but never a secret, the external ID only masked, and no control that changes
 * anything; admin-only pages, routes and actions are refused.
 */
import { expect, test } from "@playwright/test";
import { postAction } from "./support/actions";
import { query } from "./support/db";
import { seedConnection } from "./support/seed";
import { openStep, runConnectionTest } from "./support/setup-wizard";
import { newSignedInReviewer, signInAsAdmin } from "./support/users";
import { checkLayout } from "./support/layout";

const EXTERNAL_ID = "beaconport-e2e-reviewer-ext-77";

test("a reviewer sees the result but not the secret, the external ID, or any button that changes something", async ({ browser }) => {
  const seeded = seedConnection({ storeSecret: true, externalId: EXTERNAL_ID, removeAction: { accountId: "444444444444", action: "rds:DescribeDBInstances" } });
  const admin = await browser.newPage();
  await signInAsAdmin(admin, `/connections/${seeded.connectionId}/setup`);
  const step8 = await openStep(admin, 8);
  expect(await runConnectionTest(step8)).toBe("partial");

  const page = await browser.newPage();
  await newSignedInReviewer(admin, page);
  await admin.close();

  await page.goto("/connections");
  const row = page.getByTestId(`connection-row-${seeded.connectionId}`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("connection-test-status")).toHaveText("Test failed");
  await expect(page.getByTestId("connections-new")).toHaveCount(0);
  await expect(page.getByTestId("connection-continue")).toHaveCount(0);
  await row.getByTestId("connection-link").click();
  await expect(page).toHaveURL(new RegExp(`/connections/${seeded.connectionId}$`));

  const view = page.getByTestId("connection-view");
  await expect(view.getByTestId("view-secret")).toContainText("••••");
  await expect(view.getByTestId("view-external-id")).not.toContainText(EXTERNAL_ID);
  await expect(view.getByTestId("view-account-222222222222")).toHaveAttribute("data-status", "passed");
  await expect(view.getByTestId("view-account-222222222222").getByTestId("view-account-inventory")).toContainText(/\d+ instances? · /);
  await expect(view.getByTestId("view-account-222222222222")).toContainText(`role/${seeded.names.role}`);
  const failing = view.getByTestId("view-account-444444444444");
  await expect(failing).toHaveAttribute("data-status", "failed");
  await expect(failing.getByTestId("view-account-reason")).toContainText("rds:DescribeDBInstances");
  await expect(view.getByTestId("test-result")).toHaveAttribute("data-status", "partial");
  await expect(view.getByTestId("test-account-444444444444").getByTestId("test-cause").first()).toBeVisible();

  // Nothing that changes anything: no buttons, no forms, no link to the setup.
  await expect(page.locator("main button")).toHaveCount(0);
  await expect(page.locator("main form")).toHaveCount(0);
  await expect(page.locator("main input")).toHaveCount(0);
  await expect(page.getByTestId("connection-open-setup")).toHaveCount(0);
  await expect(page.getByTestId("details-secrets-form")).toHaveCount(0);
  const html = await page.content();
  expect(html).not.toContain(seeded.secretAccessKey);
  expect(html).not.toContain(EXTERNAL_ID);
  await checkLayout(page, "reviewer-connection", view);

  // The details file without secrets, the external ID masked; the secret route is refused.
  const details = await page.request.get(`/api/connections/${seeded.connectionId}/details?format=json`);
  expect(details.status()).toBe(200);
  const body = await details.text();
  expect(body).not.toContain(seeded.secretAccessKey);
  expect(body).not.toContain(EXTERNAL_ID);
  expect(JSON.parse(body)).toMatchObject({ secretsIncluded: false, connection: { accessKey: seeded.accessKeyId, secretAccessKey: null, externalIdMasked: true } });
  expect((await page.request.post(`/api/connections/${seeded.connectionId}/details`, { form: { grant: "x", format: "json" } })).status()).toBe(403);

  // Admin pages and every step 7/8 action are refused, with this real connection, and nothing changes.
  expect((await page.goto(`/connections/${seeded.connectionId}/setup`))?.status()).toBe(403);
  const before = JSON.stringify(query(`SELECT * FROM "Connection" WHERE id = ?`, seeded.connectionId)) + JSON.stringify(query(`SELECT name, "intervalMinutes" FROM "Schedule"`));
  const settings = { connectionId: seeded.connectionId, connectionName: "Hijacked", accessKeyId: seeded.accessKeyId, externalId: "x1" };
  for (const [name, input] of [
    ["confirmScheduleAction", { connectionId: seeded.connectionId, intervalMinutes: "5" }],
    ["testConnectionAction", settings],
    ["saveConnectionAction", settings],
    ["grantDetailsSecretsAction", { connectionId: seeded.connectionId, password: "Reviewer-pass-2026!" }],
  ] as const) {
    const result = await postAction(page.request, `/connections/${seeded.connectionId}`, name, input);
    expect(result.text, name).toContain('"code":"FORBIDDEN"');
  }
  expect(JSON.stringify(query(`SELECT * FROM "Connection" WHERE id = ?`, seeded.connectionId)) + JSON.stringify(query(`SELECT name, "intervalMinutes" FROM "Schedule"`))).toBe(before);
  await page.close();
});
