/**
 * Every page passes axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) at 1280 and 390 px, with no
 * violation at all (issue #15): as anonymous (sign-in, refused, set password, 404), as a
 * reviewer and as an administrator, including a connection's setup page in its seeded states (steps 7
 * and 8 to do, after a connection test with a failing account, saved) and a connection with drift.
 * The wizard's earlier states (new, refused input, plan, a run with a failure, the key shown once) are
 * scanned on the way by keyboard-setup.spec.ts. States are seeded, not walked, to keep this fast.
 */
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { seedConnection } from "./support/seed";
import { saveConnection } from "./support/saved-connection";
import { openStep, runConnectionTest } from "./support/setup-wizard";
import { createUserViaUi, signIn, signInAsAdmin, uniqueEmail } from "./support/users";

// No trace: recording one snapshots every page at each of axe's steps and triples the scan time; a failure lists the violations.
test.use({ trace: "off" });

async function scan(page: Page, path: string, name = path): Promise<void> {
  await page.goto(path);
  await expectAccessible(page, name);
}

test("anonymous pages: sign-in, refused, set password, not found", async ({ page }) => {
  await scan(page, "/login");
  await scan(page, "/login/refused?reason=no-group");
  await scan(page, "/set-password/not-a-real-token-000000000000", "set password, unknown link");
  await scan(page, "/no-such-page", "404");
});

test("administrator and reviewer pages, with a connection seeded in each state", async ({ page, browser }) => {
  // About 25 pages at two widths, plus seeding and a scheduled run.
  test.setTimeout(240_000);
  const account = "222222222222";
  // One account's inventory policy lacks a permission: the connection test fails there, and the scheduled run finds the drift.
  const seeded = seedConnection({ storeSecret: true, externalId: "beaconport-e2e-a11y-0001", targets: [account, "333333333333"], connectionName: `A11y ${Date.now()}`, removeAction: { accountId: account, action: "ec2:DescribeHosts" } });
  await signInAsAdmin(page, null);

  // The setup page with steps 7 and 8 to do, then after a connection test in which one account fails.
  await scan(page, `/connections/${seeded.connectionId}/setup`, "setup, steps 7 and 8 to do");
  expect(await runConnectionTest(await openStep(page, 8))).not.toBe("succeeded");
  await expectAccessible(page, "setup, connection test with a failing account");

  // Saved, and checked by a scheduled run that finds the drift: the finished setup and every page about it.
  saveConnection(seeded.connectionId);
  const id = seeded.connectionId;
  await page.goto("/schedule");
  await page.getByTestId("run-now").click();
  await expect(page.getByTestId(`scheduled-status-${id}`)).toHaveText("failed", { timeout: 60_000 });
  for (const path of [`/connections/${id}/setup`, `/?connection=${id}`, "/connections", `/connections/${id}`, `/connections/${id}/map`, `/connections/${id}/manage`, "/connections/new", "/users", `/schedule?connection=${id}`, "/account"]) {
    await scan(page, path, `admin ${path}`);
  }
  // The audit trail with a row opened (its changes and the filter link).
  await page.goto("/audit");
  await page.getByTestId("audit-row-toggle").first().click();
  await expectAccessible(page, "audit, a row opened");

  // A reviewer: the one-time password's forced change first, then what a reviewer sees.
  const email = uniqueEmail("a11y-reviewer");
  const oneTime = await createUserViaUi(page, { email, name: "Ria Reviewer", role: "reviewer" });
  await expectAccessible(page, "users, one-time password shown");
  const context = await browser.newContext();
  const reviewer = await context.newPage();
  await signIn(reviewer, email, oneTime);
  await expect(reviewer).toHaveURL(/\/account\?password=required/);
  await expectAccessible(reviewer, "password change required");
  await reviewer.getByTestId("input-currentPassword").fill(oneTime);
  await reviewer.getByTestId("input-password").fill("Reviewer-a11y-2026!");
  await reviewer.getByTestId("input-confirmPassword").fill("Reviewer-a11y-2026!");
  await reviewer.getByTestId("change-password-submit").click();
  await expect(reviewer.getByTestId("password-changed")).toBeVisible();
  // What differs for a reviewer (no admin controls, read-only setup); the other pages are the same components.
  for (const path of ["/", `/connections/${id}/setup`, `/schedule?connection=${id}`]) {
    await scan(reviewer, path, `reviewer ${path}`);
  }
  await context.close();

  // A set-password link, opened by its (anonymous) recipient.
  const link = await createUserViaUi(page, { email: uniqueEmail("a11y-link"), name: "Lee Link", role: "reviewer", credential: "set-password-link" });
  const anonymous = await browser.newContext();
  const visitor = await anonymous.newPage();
  await scan(visitor, new URL(link).pathname, "set password, valid link");
  await anonymous.close();
});
