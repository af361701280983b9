/**
 * Deleting a saved connection in the browser against the sandbox: with "also clean up AWS" (planned
 * first, followed live; the roles, inventory policies, collector user and read-roles policy are gone in
 * AWS afterwards), and without (AWS keeps everything). Either way the connection disappears from the
 * Connections page and the dashboard, and the audit trail records the deletion.
 */
import { expect, test, type Page } from "@playwright/test";
import { GetPolicyCommand, GetRoleCommand, GetUserCommand } from "@aws-sdk/client-iam";
import { query } from "./support/db";
import { adminIamOf, exists, openManageWithAwsAccess, saveConnection } from "./support/saved-connection";
import { sandboxDetails, seedConnection, type SeededConnection } from "./support/seed";
import { signInAsAdmin } from "./support/users";

const TARGETS = ["222222222222", "333333333333"];

interface AwsState {
  roles: boolean[];
  inventoryPolicies: boolean[];
  user: boolean;
  readRolesPolicy: boolean;
}

async function awsState(seeded: SeededConnection): Promise<AwsState> {
  const home = sandboxDetails().home.accountId;
  const roles: boolean[] = [];
  const inventoryPolicies: boolean[] = [];
  for (const accountId of TARGETS) {
    const iam = await adminIamOf(accountId);
    roles.push(await exists(() => iam.send(new GetRoleCommand({ RoleName: seeded.names.role }))));
    inventoryPolicies.push(await exists(() => iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${accountId}:policy/${seeded.names.inventoryPolicy}` }))));
    iam.destroy();
  }
  const iam = await adminIamOf(home);
  const user = await exists(() => iam.send(new GetUserCommand({ UserName: seeded.names.user })));
  const readRolesPolicy = await exists(() => iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${home}:policy/${seeded.names.readRolesPolicy}` })));
  iam.destroy();
  return { roles, inventoryPolicies, user, readRolesPolicy };
}

const everything: AwsState = { roles: [true, true], inventoryPolicies: [true, true], user: true, readRolesPolicy: true };

async function expectListed(page: Page, connectionId: string, name: string, listed: boolean): Promise<void> {
  await page.goto("/connections");
  await expect(page.getByTestId(`connection-row-${connectionId}`)).toHaveCount(listed ? 1 : 0);
  await page.goto(`/?q=${encodeURIComponent(name)}`);
  await expect(page.getByTestId("account-row")).toHaveCount(listed ? TARGETS.length : 0);
}

test("deletes a connection and cleans up AWS: planned first, followed live, gone everywhere, audited", async ({ page }) => {
  test.setTimeout(120_000);
  const name = `Delete clean ${Date.now()}`;
  const seeded = seedConnection({ storeSecret: true, externalId: "e2e-delete-clean-external-1", targets: TARGETS, connectionName: name });
  saveConnection(seeded.connectionId);
  expect(await awsState(seeded)).toEqual(everything);
  await signInAsAdmin(page, null);
  await expectListed(page, seeded.connectionId, name, true);

  await openManageWithAwsAccess(page, seeded.connectionId);
  await page.getByLabel("Also delete the roles, policies and the collector user in AWS").check();
  await page.getByRole("button", { name: "Plan deletion" }).click();
  // The plan names what will be deleted in each account before anything happens.
  const plan = page.getByTestId("delete-plan-result");
  for (const accountId of TARGETS) await expect(plan).toContainText(`${accountId}: delete role ${seeded.names.role}, policy ${seeded.names.inventoryPolicy}`);
  await expect(plan).toContainText(`${sandboxDetails().home.accountId}: delete user ${seeded.names.user}`);
  expect(await awsState(seeded)).toEqual(everything);

  await page.getByLabel(`Type "${name}" to confirm`).fill(name);
  await page.getByRole("button", { name: "Delete connection" }).click();
  const log = page.getByTestId("delete-run-log");
  await expect(log.getByTestId("delete-run-log-status")).toHaveText("succeeded", { timeout: 60_000 });
  for (const accountId of TARGETS) await expect(log).toContainText(`${accountId} · cleanup: role ${seeded.names.role}: deleted`);
  await expect(log).toContainText(`Deleted the connection "${name}"`);

  expect(await awsState(seeded)).toEqual({ roles: [false, false], inventoryPolicies: [false, false], user: false, readRolesPolicy: false });
  expect(query(`SELECT id FROM "Connection" WHERE id = ?`, seeded.connectionId)).toEqual([]);
  await expectListed(page, seeded.connectionId, name, false);

  await page.goto(`/audit?entityType=Connection&entityId=${seeded.connectionId}`);
  await expect(page.locator(`[data-testid="audit-row"][data-action="connection.delete"]`)).toHaveCount(1);
  await expect(page.locator(`[data-testid="audit-row"][data-action="connection.delete-start"]`)).toHaveCount(1);
});

test("deletes a connection without cleaning up: AWS keeps the user, roles and policies", async ({ page }) => {
  test.setTimeout(120_000);
  const name = `Delete keep ${Date.now()}`;
  const seeded = seedConnection({ storeSecret: true, externalId: "e2e-delete-keep-external-01", targets: TARGETS, connectionName: name });
  saveConnection(seeded.connectionId);
  await signInAsAdmin(page, `/connections/${seeded.connectionId}/manage`);

  // No AWS credentials needed when AWS is left alone.
  await page.getByRole("button", { name: "Plan deletion" }).click();
  const plan = page.getByTestId("delete-plan-result");
  await expect(plan).toContainText("Kept: Everything in AWS");
  await page.getByLabel(`Type "${name}" to confirm`).fill(name);
  await page.getByRole("button", { name: "Delete connection" }).click();
  // Without AWS work the deletion often ends before the action's own re-render of this page: the page
  // then says the connection was deleted (not "Page not found") and still shows the deletion's log.
  await expect(page.getByTestId("delete-run-log").getByTestId("delete-run-log-status")).toHaveText("succeeded", { timeout: 30_000 });
  await expect(page.getByTestId("delete-run-log")).toContainText(`Deleted the connection "${name}"`);
  await page.reload();
  await expect(page.getByTestId("connection-deleted")).toBeVisible();
  await expect(page.getByRole("heading", { name: `${name} was deleted` })).toBeVisible();
  await expect(page.getByTestId("delete-run-log").getByTestId("delete-run-log-status")).toHaveText("succeeded");

  expect(await awsState(seeded)).toEqual(everything);
  await expectListed(page, seeded.connectionId, name, false);
  await page.goto(`/audit?entityType=Connection&entityId=${seeded.connectionId}`);
  await expect(page.locator(`[data-testid="audit-row"][data-action="connection.delete"]`)).toHaveCount(1);
});
