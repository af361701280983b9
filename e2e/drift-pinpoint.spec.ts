/**
 * Pinpointing drift with administrator access, in the browser against the sandbox: one role's trust gets
 * another external ID and another account's role is deleted. The scheduled run (Run now), which has only
 * the collector's key, shows both as "role unreachable"; Pinpoint on the manage page, with the admin's
 * session credentials, shows "external ID changed" and "role missing", each with its fix, on the manage
 * page and on the access map. Then Repair: one account's Repair (the deleted role) planned and run
 * alone, then "Repair all" for the rest; each ends with the connection test passing for the account.
 */
import { expect, test } from "@playwright/test";
import { DeleteRoleCommand, DetachRolePolicyCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { query } from "./support/db";
import { adminIamOf, openManageWithAwsAccess, saveConnection } from "./support/saved-connection";
import { sandboxDetails, seedConnection } from "./support/seed";
import { signInAsAdmin } from "./support/users";
import { checkLayout } from "./support/layout";

test("ambiguous 'role unreachable' findings become 'external ID changed' and 'role missing' with their fixes", async ({ page }) => {
  test.setTimeout(180_000);
  const externalId = "e2e-pinpoint-external-id-0001";
  const seeded = seedConnection({ storeSecret: true, externalId, targets: ["222222222222", "333333333333"], connectionName: `Pinpoint ${Date.now()}` });
  saveConnection(seeded.connectionId);
  const sb = sandboxDetails();

  // 222222222222: the trust now requires another external ID. 333333333333: the role is gone.
  const prod = await adminIamOf("222222222222");
  await prod.send(
    new UpdateAssumeRolePolicyCommand({
      RoleName: seeded.names.role,
      PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${sb.home.accountId}:root` }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "xx-changed-by-someone-42" } } }] }),
    }),
  );
  const dev = await adminIamOf("333333333333");
  await dev.send(new DetachRolePolicyCommand({ RoleName: seeded.names.role, PolicyArn: `arn:aws:iam::333333333333:policy/${seeded.names.inventoryPolicy}` }));
  await dev.send(new DeleteRoleCommand({ RoleName: seeded.names.role }));

  await signInAsAdmin(page, "/schedule");
  await page.getByTestId("run-now").click();
  await expect(page.getByTestId(`scheduled-status-${seeded.connectionId}`)).toHaveText("failed", { timeout: 90_000 });

  // The collector alone cannot tell the two apart. Then AWS administrator credentials on the manage page.
  await openManageWithAwsAccess(page, seeded.connectionId);
  const panel = page.getByTestId("drift-findings");
  for (const id of ["222222222222", "333333333333"]) await expect(panel.getByTestId(`drift-account-${id}`).getByTestId("finding-role-unreachable")).toBeVisible();
  await checkLayout(page, "manage-drift-unreachable");

  await page.getByTestId("drift-pinpoint").click();
  await expect(page.getByTestId("drift-pinpoint-run-log-status")).toHaveText("succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("drift-pinpoint-run-log")).toContainText("222222222222 · account: Read");

  const prodFinding = panel.getByTestId("drift-account-222222222222").getByTestId("finding-external-id-changed");
  await expect(prodFinding).toBeVisible();
  await expect(prodFinding).toContainText("Pinpointed with administrator access at");
  await expect(prodFinding).toContainText("xx••••42");
  await expect(prodFinding.getByTestId("finding-fix")).toContainText("Restore the connection's external ID");
  await expect(panel.getByTestId("drift-account-222222222222").getByTestId("finding-role-unreachable")).toHaveCount(0);
  const devFinding = panel.getByTestId("drift-account-333333333333").getByTestId("finding-role-missing");
  await expect(devFinding).toBeVisible();
  await expect(devFinding.getByTestId("finding-fix")).toContainText("Recreate it with the rollout");
  await expect(panel.getByTestId("drift-account-333333333333").getByTestId("finding-role-unreachable")).toHaveCount(0);
  // Neither external ID in full where reviewers read findings.
  await expect(panel).not.toContainText(externalId);
  await expect(panel).not.toContainText("xx-changed-by-someone-42");
  await checkLayout(page, "manage-drift-pinpointed");

  // Shown like any drift on the access map, and audited.
  await page.goto(`/connections/${seeded.connectionId}/map`);
  await expect(page.locator('[data-testid="map-account"][data-account="222222222222"]').getByTestId("map-account-drift")).toContainText("External ID changed");
  await expect(page.locator('[data-testid="map-account"][data-account="333333333333"]').getByTestId("map-account-drift")).toContainText("does not exist any more");
  expect(query<{ n: number }>(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = 'connection.drift-pinpointed' AND "entityId" = ?`, seeded.connectionId)[0]!.n).toBe(1);

  // Repair the deleted role alone: the plan names that account (and the home account) only.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/connections/${seeded.connectionId}/manage`);
  await page.getByTestId("repair-account-333333333333").click();
  const plan = page.getByTestId("repair-plan-detail");
  await expect(plan.getByTestId("repair-plan-account-333333333333")).toContainText(seeded.names.role);
  await expect(plan.getByTestId("repair-plan-account-222222222222")).toHaveCount(0);
  await checkLayout(page, "manage-repair-plan");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByTestId("repair-run").click();
  // Partial: the repaired account passes, but the connection still fails for the other one (said so).
  await expect(page.getByTestId("repair-run-log-status")).toHaveText("partial", { timeout: 90_000 });
  await expect(page.getByTestId("repair-run-log")).toContainText("333333333333 · connection-test: Role assumed and inventory read");
  await expect(page.getByTestId("repair-run-log-error")).toContainText("Test connection still fails for 222222222222");
  // The page refreshed: the repaired account passes and is no longer listed; the other one still is.
  await expect(panel.getByTestId("drift-account-333333333333")).toHaveCount(0);
  await expect(panel.getByTestId("drift-account-222222222222")).toBeVisible();

  // "Repair all": the external ID restored in the remaining account.
  await page.getByTestId("repair-plan").click();
  await expect(plan.getByTestId("repair-plan-account-222222222222")).toBeVisible();
  await expect(plan.getByTestId("repair-plan-account-333333333333")).toHaveCount(0);
  await page.getByTestId("repair-run").click();
  // The page refreshes when this second run has ended: nothing left to repair.
  await expect(page.getByTestId("drift-none")).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId("repair-run-log-status")).toHaveText("succeeded");
  await checkLayout(page, "manage-repair-done");
  for (const id of ["222222222222", "333333333333"]) {
    expect(query<{ lastTestStatus: string; driftFindings: string | null }>(`SELECT "lastTestStatus", "driftFindings" FROM "TargetAccount" WHERE "connectionId" = ? AND "accountId" = ?`, seeded.connectionId, id)[0]).toEqual({ lastTestStatus: "passed", driftFindings: null });
  }
  expect(query<{ n: number }>(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = 'connection.repair' AND "entityId" = ?`, seeded.connectionId)[0]!.n).toBe(2);
});
