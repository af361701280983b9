/**
 * Automated setup with one target account set up by hand ("Do it myself"): the plan and the rollout
 * leave it alone (no call into it), the progress says it waits for Verify, step 5 offers that account's
 * own documents and script, and "Verify this account" fails (role missing) until the test applies the
 * generated script to the sandbox with that account's own credentials, then passes and survives a reload.
 */
import { expect, test } from "@playwright/test";
import { query } from "./support/db";
import { clearSandboxRequests, sandboxInfo, sandboxRequests } from "./support/sandbox";
import { automatedDraft, openStep, runGeneratedScript, showPlan } from "./support/setup-wizard";
import { checkLayout } from "./support/layout";

const HOME = "111111111111";
const BY_HAND = "444444444444";

test("automated with one account set up by hand: skipped by the rollout, built with its own script, then verified", async ({ page }) => {
  test.setTimeout(300_000);
  const sb = sandboxInfo();
  const id = await automatedDraft(page, `222222222222 333333333333 ${BY_HAND}`);

  // Step 2: the third account is switched to "Do it myself".
  await openStep(page, 2);
  await page.getByTestId(`target-${BY_HAND}-access-method`).selectOption("manual");
  await page.getByTestId(`target-${BY_HAND}-save`).click();
  await expect(page.getByTestId(`target-${BY_HAND}-status`)).toHaveText("set up by you: verify in step 5");

  // Step 4: an external ID (generated with the connection), so Verify checks it as the beacon will.
  await openStep(page, 4);
  await expect(page.getByTestId("external-id")).toHaveText(/^[A-Za-z0-9]{40,}$/);
  await page.getByTestId("role-settings-submit").click();
  await expect(page.getByTestId("external-id")).toHaveText(/^[A-Za-z0-9]{40,}$/);

  // The plan: nothing planned in that account.
  await showPlan(page);
  await expect(page.getByTestId(`plan-manual-${BY_HAND}`)).toContainText("You set this one up by hand");
  await expect(page.getByTestId(`plan-target-${BY_HAND}`)).not.toContainText("iam:CreateRole");
  await expect(page.getByTestId("plan-target-222222222222")).toContainText("iam:CreateRole");

  // The rollout: the account is skipped with the reason, never called; the run is not "partial".
  await clearSandboxRequests();
  await page.getByTestId("run-rollout").click();
  await expect(page.getByTestId("rollout-status")).toHaveAttribute("data-run-status", "succeeded", { timeout: 60_000 });
  expect((await sandboxRequests({ accountId: BY_HAND })).count).toBe(0);
  expect((await sandboxRequests({ accountId: "222222222222" })).count).toBeGreaterThan(0);
  await expect(page.getByTestId("run-progress-count")).toHaveText("3 of 3 set up by the portal, 1 by you: waiting for Verify");
  // Its four target steps are skipped for one reason, shown once for the account.
  const skipped = page.getByTestId(`rollout-${BY_HAND}-skipped`);
  for (const label of ["Reach account (1)", "Inventory policy (2)", "Role (4)", "Role can be assumed (4)"]) await expect(skipped).toContainText(label);
  await expect(page.getByTestId(`rollout-${BY_HAND}-skipped-event`)).toHaveAttribute("data-status", "skipped");
  await expect(page.getByTestId(`rollout-account-${BY_HAND}`).getByText(/Set up by hand/)).toHaveCount(1);
  for (const step of ["reach-account", "inventory-policy", "role", "verify-role"]) await expect(page.getByTestId(`rollout-${BY_HAND}-${step}`)).toHaveCount(0);
  await expect(page.getByTestId(`rollout-account-${BY_HAND}-badge`)).toHaveText("set up by you: waiting for Verify");
  await expect(page.getByTestId("rollout-summary")).toContainText("1 set up by you (0 verified, 1 waiting for Verify)");
  await expect(page.getByTestId(`rollout-${HOME}-read-roles-policy`)).toHaveAttribute("data-status", "done");
  await expect(page.getByTestId("step-5-status")).toHaveText("Needs attention");
  // The home read-roles policy (step 3) names its role all the same.
  await openStep(page, 3);
  await expect(page.getByTestId("read-roles-arns")).toContainText(`arn:aws:iam::${BY_HAND}:role/`);

  // That account's own artefacts (in closed <details>: their text is in the page): its inventory policy,
  // the trust policy with the home account and external ID, its CLI commands.
  await openStep(page, 5);
  const panel = page.getByTestId(`manual-account-${BY_HAND}`);
  await expect(panel).toHaveAttribute("data-status", "pending");
  await expect(panel.getByTestId(`artefacts-${BY_HAND}-step-2`)).toContainText(`policies/ListInventoryForFNMS/${BY_HAND}.json`);
  const trust = panel.getByTestId(`artefacts-${BY_HAND}-step-4`).getByTestId("artefact-policies-trust-policy-json");
  const externalId = (await page.getByTestId("external-id").first().textContent())!.trim();
  await expect(trust).toContainText(`arn:aws:iam::${HOME}:root`);
  await expect(trust).toContainText(externalId);
  await expect(panel.getByTestId(`artefacts-${BY_HAND}-step-4`)).toContainText("aws iam create-role");

  // Verify before anything was built: the role is missing / cannot be assumed, with cause and fix.
  await panel.getByTestId(`verify-account-${BY_HAND}`).click();
  const failed = page.getByTestId(`manual-verify-failed-${BY_HAND}`);
  await expect(failed).toContainText("cannot be assumed", { timeout: 30_000 });
  await expect(failed).toContainText("does not exist yet");
  await expect(failed).toContainText("Fix:");
  await expect(panel).toHaveAttribute("data-status", "failed");
  await checkLayout(page, "setup-mixed-05-verify-account-failed", [5]);

  // The admin runs that account's script with that account's own credentials (steps 2 and 4 only).
  const own = sb.accounts.find((a) => a.accountId === BY_HAND)!;
  const downloadPromise = page.waitForEvent("download");
  await panel.getByTestId(`download-setup-${BY_HAND}`).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(`setup-${BY_HAND}.sh`);
  const stdout = await runGeneratedScript(download, own);
  expect(stdout).toMatch(/created +role ListEC2ForFNMSRole/);
  // Only that account: never the home account (its read-roles policy names every role) nor the others.
  expect(stdout).toContain(`Account ${BY_HAND}`);
  expect(stdout).not.toContain(`Account ${HOME}`);
  expect(stdout).not.toContain("222222222222");

  // Verify again: passes, and step 5 is done.
  await panel.getByTestId(`verify-account-${BY_HAND}`).click();
  await expect(page.getByTestId(`manual-verify-passed-${BY_HAND}`)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId(`manual-verify-passed-${BY_HAND}`)).toContainText("EC2 instance(s) visible");
  await expect(page.getByTestId("step-5-status")).toHaveText("Done");
  await expect(page.getByTestId("run-progress-count")).toHaveText("3 of 3 set up by the portal, 1 by you: verified");

  // A reload shows the same: stored on the account.
  await page.reload();
  await openStep(page, 5);
  await expect(page.getByTestId(`manual-account-${BY_HAND}`)).toHaveAttribute("data-status", "done");
  await expect(page.getByTestId(`manual-verify-passed-${BY_HAND}`)).toBeVisible();
  await expect(page.getByTestId("step-5-status")).toHaveText("Done");
  await checkLayout(page, "setup-mixed-05-verify-account-passed", [5]);
  expect(query<{ setupStatus: string }>(`SELECT "setupStatus" FROM "TargetAccount" WHERE "connectionId" = ? AND "accountId" = ?`, id, BY_HAND)[0]!.setupStatus).toBe("done");
  // Both checks were audited, with their outcome.
  const audits = query<{ after: string }>(`SELECT "after" FROM "AuditEvent" WHERE "action" = 'setup.verify-account' AND "entityId" = ? ORDER BY "seq"`, id);
  expect(audits.map((a) => (JSON.parse(a.after) as { passed: boolean }).passed)).toEqual([false, true]);
});
