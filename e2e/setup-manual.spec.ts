/**
 * Do it yourself: no credentials given to the portal. The wizard shows console clicks, JSON and CLI per
 * step; the test downloads the generated aws-cli/setup.sh, runs it with Debian's AWS CLI against the
 * sandbox (as an administrator would against AWS), and Verify — first failing with causes and fixes,
 * then passing.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { resetSandbox, sandboxInfo } from "./support/sandbox";
import { secretsInDatabase } from "./support/secret-search";
import { addTargets, openStep, runGeneratedScript, startConnection } from "./support/setup-wizard";
import { signInAsAdmin } from "./support/users";
import { checkLayout } from "./support/layout";


test("do it yourself: the generated setup.sh applied to the sandbox, then Verify passes", async ({ page }) => {
  test.setTimeout(300_000);
  await resetSandbox();
  const sb = sandboxInfo();
  await signInAsAdmin(page, null);
  await startConnection(page, "manual");

  // Step 1: no credentials, only the home account ID (a bad one is refused next to the field).
  await openStep(page, 1);
  // The mode chosen on "New connection" is the one step 1 shows: no second choice to make.
  await expect(page.getByTestId("setup-mode")).toHaveAttribute("data-mode", "manual");
  await page.getByTestId("manual-mode-form").getByTestId("input-homeAccountId").fill("1111");
  await page.getByTestId("manual-mode-submit").click();
  await expect(page.getByTestId("manual-mode-form").getByTestId("error-homeAccountId")).toContainText("12 digits");
  await page.getByTestId("manual-mode-form").getByTestId("input-homeAccountId").fill("111111111111");
  await page.getByTestId("manual-mode-submit").click();
  await expect(page.getByTestId("step-1-status")).toHaveText("Done");
  await addTargets(page, "222222222222 333333333333");

  // Every step shows console clicks and the documents to paste, with the accounts filled in.
  for (const n of [2, 3, 4, 6]) {
    await openStep(page, n);
    await expect(page.getByTestId(`diy-step-${n}`)).toBeVisible();
    await expect(page.getByTestId(`console-steps-${n}`)).toBeVisible();
  }
  await expect(page.getByTestId("artefacts-step-2")).toContainText("policies/ListInventoryForFNMS/222222222222.json");
  await expect(page.getByTestId("artefacts-step-3")).toContainText("policies/ReadRolesForFNMS.json");
  await expect(page.getByTestId("artefacts-step-4")).toContainText("cloudformation/target-account.yaml");
  await checkLayout(page, "setup-manual-02-inventory-policy", [2]);
  await checkLayout(page, "setup-manual-03-read-roles-policy", [3]);

  // Verify before anything exists: refused, each finding with its step, cause and fix.
  await openStep(page, 5);
  const verifyForm = page.getByTestId("verify-form");
  await verifyForm.getByTestId("input-accessKeyId").fill(sb.home.accessKeyId);
  await verifyForm.getByTestId("input-secretAccessKey").fill(sb.home.secretAccessKey);
  await page.getByTestId("verify-submit").click();
  await expect(page.getByTestId("verify-failed")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("finding-role-missing").first()).toContainText("Fix:");
  await expect(page.getByTestId("finding-user-missing")).toBeVisible();
  await checkLayout(page, "setup-manual-05-verify-failed", [5]);

  // Download setup.sh and run it with the AWS CLI, as the administrator would.
  await openStep(page, 5);
  const downloadPromise = page.waitForEvent("download");
  await page.getByTestId("download-setup-sh").click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("setup.sh");
  const stdout = await runGeneratedScript(download, sb.home, {
    env: (work) => ({ ASSUME_ROLE_NAME: "OrganizationAccountAccessRole", CREDENTIALS_CSV: path.join(work, "credentials.csv") }),
    inspect: (work) => {
      expect(fs.readFileSync(path.join(work, "credentials.csv"), "utf8")).toMatch(/^User name,Password,Access key ID,Secret access key,Console login link\nFNMSUser,,AKIA/);
    },
  });
  expect(stdout).toMatch(/created +role ListEC2ForFNMSRole/);

  // Verify again: passes; steps 2–6 are done.
  await page.reload();
  await openStep(page, 5);
  await page.getByTestId("verify-form").getByTestId("input-accessKeyId").fill(sb.home.accessKeyId);
  await page.getByTestId("verify-form").getByTestId("input-secretAccessKey").fill(sb.home.secretAccessKey);
  await page.getByTestId("verify-submit").click();
  await expect(page.getByTestId("verify-passed")).toBeVisible({ timeout: 30_000 });
  for (const n of [2, 3, 4, 5, 6]) await expect(page.getByTestId(`step-${n}-status`)).toHaveText("Done");
  await checkLayout(page, "setup-manual-05-verify-passed", [5]);
  // The credentials typed for Verify were not kept anywhere.
  expect(secretsInDatabase({ "Verify's secret": sb.home.secretAccessKey })).toEqual([]);
});
