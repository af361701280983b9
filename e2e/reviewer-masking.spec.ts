/**
 * Reviewers see external IDs masked everywhere, not only on the dashboard: the audit trail's diffs and
 * its CSV export mask every connection's external ID, while an administrator sees the values. A run's
 * live view (a plan of trust policies) never carries the value at all.
 */
import { expect, test, type Page } from "@playwright/test";
import { query } from "./support/db";
import { sandboxInfo } from "./support/sandbox";
import { addTargets, openStep, signInToAws, startConnection } from "./support/setup-wizard";
import { newSignedInReviewer, signInAsAdmin } from "./support/users";

const FIRST = "masking-e2e-first-external-id-31";
const SECOND = "masking-e2e-second-external-id-42";

async function enterExternalId(page: Page, value: string): Promise<void> {
  await openStep(page, 4);
  await page.getByTestId("external-id-enter").check();
  await page.getByTestId("role-settings").getByLabel("Your external ID").fill(value);
  await page.getByTestId("role-settings-submit").click();
  await expect(page.getByTestId("external-id")).toHaveText(value);
}

async function texts(page: Page, connectionId: string, runId: string): Promise<{ audit: string; csv: string; run: string }> {
  await page.goto(`/audit?entityType=Connection&entityId=${connectionId}`);
  const audit = await page.content();
  const csv = await (await page.request.get(`/api/audit/export?entityType=Connection&entityId=${connectionId}`)).text();
  const run = await (await page.request.get(`/api/runs/${runId}`)).text();
  return { audit, csv, run };
}

test("external IDs are masked for reviewers in the audit trail and its export, and absent from run views", async ({ browser }) => {
  const admin = await browser.newPage();
  await signInAsAdmin(admin, null);
  const id = await startConnection(admin, "automated");
  await signInToAws(admin, sandboxInfo().home);
  await addTargets(admin, "222222222222");
  await enterExternalId(admin, FIRST);
  await enterExternalId(admin, SECOND);

  await openStep(admin, 5);
  await admin.getByTestId("show-plan").click();
  await expect(admin.getByTestId("plan")).toBeVisible({ timeout: 30_000 });
  const planRunId = query<{ id: string }>(`SELECT "id" FROM "Run" WHERE "connectionId" = ? AND "kind" = 'plan' ORDER BY "createdAt" DESC LIMIT 1`, id)[0]!.id;

  // The administrator sees both values (so the reviewer checks below can fail).
  const seen = await texts(admin, id, planRunId);
  expect(seen.audit).toContain(FIRST);
  expect(seen.csv).toContain(FIRST);
  expect(seen.csv).toContain(SECOND);
  expect(seen.run).not.toContain(SECOND);

  const reviewer = await browser.newPage();
  await newSignedInReviewer(admin, reviewer);
  const masked = await texts(reviewer, id, planRunId);
  for (const [where, text] of Object.entries(masked)) {
    expect(text, `${where} shows an external ID to a reviewer`).not.toContain(FIRST);
    expect(text, `${where} shows an external ID to a reviewer`).not.toContain(SECOND);
  }
  // ... but still shows that there is one, in the dashboard's masked form.
  expect(masked.csv).toContain("ma••••42");
  await expect(reviewer.getByTestId("audit-total")).toBeVisible();
  await admin.close();
  await reviewer.close();
});
