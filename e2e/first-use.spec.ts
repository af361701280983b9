/**
 * First use without a doubt (issue 15, "Confusions seen on the way"), outside the wizard: signing out
 * says so, the audit trail names the connections it is about, and the dashboard says which call failed
 * where. The wizard's own confusions are in
 * first-use-wizard.spec.ts.
 */
import { expect, test } from "@playwright/test";
import { checkLayout, KEEP_SCREENSHOTS as KEEP } from "./support/layout";
import { clearFaults, setFaults } from "./support/sandbox";
import { seedConnection } from "./support/seed";
import { openStep, runConnectionTest, startConnection } from "./support/setup-wizard";
import { newSignedInReviewer, signInAsAdmin, signOut } from "./support/users";

test("signing out is confirmed on the login page; the query picks the message and nothing else", async ({ page, baseURL }) => {
  await signInAsAdmin(page);
  await signOut(page);
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  await expect(page.getByTestId("signed-out-notice")).toHaveText("You are signed out.");
  await checkLayout(page, "first-use-signed-out", undefined, KEEP);
  // The parameter only chooses the message: a callback next to it is still only ever a local path.
  await page.goto("/login?signedOut=1&callbackUrl=https%3A%2F%2Fevil.example%2F");
  await expect(page.getByTestId("signed-out-notice")).toBeVisible();
  await page.getByTestId("input-email").fill("admin@beaconport.test");
  await page.getByTestId("input-password").fill("Beacon-first-pass-2026");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("current-user-name")).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
});

test("the audit trail names connections (the id on hover and in the detail), for reviewers too", async ({ page, browser }) => {
  await signInAsAdmin(page, null);
  const id = await startConnection(page, "automated");
  const name = (await page.getByRole("heading", { level: 1 }).textContent())!.trim();
  expect(name).not.toBe("");

  await page.goto(`/audit?entityType=Connection&entityId=${encodeURIComponent(id)}`);
  const row = page.locator('[data-testid="audit-row"][data-action="connection.create"]').first();
  const entity = row.getByTestId("audit-entity");
  await expect(entity).toHaveText(`Connection “${name}”`);
  await expect(entity).toHaveAttribute("title", `Connection id ${id}`);
  await row.getByTestId("audit-row-toggle").click();
  await expect(row.getByTestId("audit-entity-id")).toHaveText(id);
  await checkLayout(page, "first-use-audit-names", undefined, KEEP);

  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  await newSignedInReviewer(page, reviewer);
  await reviewer.goto(`/audit?entityType=Connection&entityId=${encodeURIComponent(id)}`);
  await expect(reviewer.locator('[data-testid="audit-row"][data-action="connection.create"]').first().getByTestId("audit-entity")).toHaveText(`Connection “${name}”`);
  await reviewerContext.close();
});

test("the dashboard names the failing call and where it failed, and a repeating failure is not 'run again in a moment'", async ({ page }) => {
  const account = "222222222222";
  const seeded = seedConnection({ storeSecret: true, externalId: "beaconport-e2e-first-use-09", targets: [account], connectionName: `First use dashboard ${Date.now()}` });
  // An endpoint that does not implement one inventory call: HTTP 501 in every region (the SDK does not retry a 501, so each region fails once).
  await setFaults({ script: [{ action: "ec2:DescribeReservedInstances", nth: 1, count: 1000, accountId: account, error: { code: "NotImplemented", message: "Not implemented here", status: 501 } }] });
  try {
    await signInAsAdmin(page, `/connections/${seeded.connectionId}/setup`);
    const step8 = await openStep(page, 8);
    expect(await runConnectionTest(step8)).not.toBe("succeeded");
  } finally {
    await clearFaults();
  }
  await page.goto(`/?connection=${seeded.connectionId}`);
  const reason = page.locator(`[data-testid="account-row"][data-account="${account}"]`).getByTestId("account-reason");
  await expect(reason).toContainText("ec2:DescribeReservedInstances failed in 2 regions (eu-west-1, us-east-1)");
  await expect(reason).toContainText("HTTP 501");
  await expect(reason).not.toContainText("Run again in a moment");
  await expect(reason).toContainText("may not support ec2:DescribeReservedInstances");
  await checkLayout(page, "first-use-dashboard-reason", undefined, KEEP);
});
