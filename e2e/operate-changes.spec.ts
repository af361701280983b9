/**
 * Changing a saved connection safely, in the browser against the sandbox: key rotation end to end (the
 * old key is refused by AWS afterwards), adding and removing an account. Each action plans first and
 * shows its run live.
 */
import { expect, test } from "@playwright/test";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { query } from "./support/db";
import { seedConnection, sandboxDetails } from "./support/seed";
import { openManageSignedIn, saveConnection } from "./support/saved-connection";
import { checkLayout } from "./support/layout";

test("rotates the collector's key end to end; AWS refuses the old key afterwards", async ({ page }) => {
  test.setTimeout(120_000);
  const seeded = seedConnection({ storeSecret: true, externalId: "e2e-rotate-external-id-0001", targets: ["222222222222"], connectionName: `Rotate ${Date.now()}` });
  saveConnection(seeded.connectionId);
  await openManageSignedIn(page, seeded.connectionId);
  await checkLayout(page, "manage-00-signed-in");

  await page.getByTestId("rotate-plan").click();
  await expect(page.getByTestId("rotate-plan-result")).toContainText(`${seeded.accessKeyId} — Active (in use by the beacon)`);
  await checkLayout(page, "manage-01-rotate-plan");
  await page.getByTestId("rotate-run").click();
  await expect(page.getByTestId("rotate-run-log-status")).toHaveText("succeeded", { timeout: 60_000 });
  await checkLayout(page, "manage-02-rotate-done");
  const [row] = query<{ accessKeyId: string }>(`SELECT "accessKeyId" FROM "Connection" WHERE "id" = ?`, seeded.connectionId);
  expect(row!.accessKeyId).not.toBe(seeded.accessKeyId);

  await page.getByTestId("delete-old-key-id").fill(seeded.accessKeyId);
  await page.getByTestId("delete-old-key").click();
  await expect(page.getByTestId("delete-old-key-error")).toContainText("Please correct");
  await page.getByTestId("delete-old-key-id").fill(seeded.accessKeyId);
  await page.getByTestId("delete-old-key-confirm").check();
  await page.getByTestId("delete-old-key").click();
  await expect(page.getByTestId("delete-old-key-done")).toBeVisible();
  await checkLayout(page, "manage-03-old-key-deleted");

  const sb = sandboxDetails();
  const old = new STSClient({ endpoint: sb.endpoint, region: "us-east-1", credentials: { accessKeyId: seeded.accessKeyId, secretAccessKey: seeded.secretAccessKey }, maxAttempts: 1 });
  await expect(old.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "InvalidClientTokenId" });
  expect(query<{ n: number }>(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = 'connection.rotate-key' AND "entityId" = ?`, seeded.connectionId)[0]!.n).toBe(1);
});

test("adds an account, then removes one (deleting its role), each planned first", async ({ page }) => {
  test.setTimeout(120_000);
  const seeded = seedConnection({ storeSecret: true, externalId: "e2e-accounts-external-id-001", targets: ["222222222222", "333333333333"], connectionName: `Accounts ${Date.now()}` });
  saveConnection(seeded.connectionId);
  await openManageSignedIn(page, seeded.connectionId);
  const targets = () => query<{ accountId: string }>(`SELECT "accountId" FROM "TargetAccount" WHERE "connectionId" = ? ORDER BY "accountId"`, seeded.connectionId).map((r) => r.accountId);

  await page.getByTestId("accounts-add").fill("444444444444");
  await page.getByTestId("accounts-plan").click();
  await expect(page.getByTestId("accounts-plan-result")).toContainText("Add 444444444444");
  await checkLayout(page, "manage-04-accounts-plan");
  await page.getByTestId("accounts-run").click();
  await expect(page.getByTestId("accounts-run-log-status")).toHaveText("succeeded", { timeout: 60_000 });
  expect(targets()).toEqual(["222222222222", "333333333333", "444444444444"]);
  await checkLayout(page, "manage-05-accounts-added");

  await page.reload();
  await page.getByTestId("accounts-remove").fill("333333333333");
  await page.getByTestId("accounts-delete-resources").check();
  await page.getByTestId("accounts-plan").click();
  await expect(page.getByTestId("accounts-plan-result")).toContainText("Remove 333333333333: delete its role and inventory policy");
  await page.getByTestId("accounts-run").click();
  await expect(page.getByTestId("accounts-run-log-status")).toHaveText("succeeded", { timeout: 60_000 });
  expect(targets()).toEqual(["222222222222", "444444444444"]);
  await expect(page.getByTestId("accounts-run-log")).toContainText(`role ${seeded.names.role}: deleted`);
  await checkLayout(page, "manage-06-account-removed");
});
