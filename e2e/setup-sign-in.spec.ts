/**
 * Step 1 in the browser with credentials that may not do everything the setup needs: the page names
 * each missing action with its resource and step, says in which account to attach which policy to
 * which principal, and step 5's Plan and Run refuse with the reason (a crafted request too) before
 * anything changes in AWS. Attaching the policy the page offers and checking again clears it all.
 */
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { expect, test } from "@playwright/test";
import { postAction } from "./support/actions";
import { query } from "./support/db";
import { clearSandboxRequests, sandboxInfo, sandboxRequests } from "./support/sandbox";
import { addTargets, openStep, signInToAws, startConnection } from "./support/setup-wizard";
import { signInAsAdmin } from "./support/users";
import { checkLayout } from "./support/layout";

const HOME = "111111111111";
// The actions of lib/setup/required-permissions.ts that IAMReadOnlyAccess (Get*, List*, Simulate*) lacks.
const WRITES = ["iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:CreateUser", "iam:AttachUserPolicy", "iam:CreateAccessKey"];

test("missing permissions are named with their fix, and step 5 will not plan or run until they are granted", async ({ page }) => {
  test.setTimeout(120_000);
  const sb = sandboxInfo();
  // A home-account user that may read IAM (and simulate) but change nothing.
  const userName = `readonly-admin-${Date.now().toString(36)}`;
  const iam = new IAMClient({ endpoint: sb.endpoint, region: "us-east-1", credentials: sb.home });
  await iam.send(new CreateUserCommand({ UserName: userName }));
  await iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: "arn:aws:iam::aws:policy/IAMReadOnlyAccess" }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!;

  try {
    await signInAsAdmin(page, null);
    const id = await startConnection(page, "automated");
    await signInToAws(page, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    await expect(page.getByTestId("caller-arn")).toHaveText(`arn:aws:iam::${HOME}:user/${userName}`);

    // Which actions, on what, for which step — read-only ones are not listed.
    const missing = page.getByTestId("missing-permissions");
    await expect(missing).toBeVisible();
    await expect(missing).toContainText(`lack ${WRITES.length} permission(s)`);
    await expect(missing).toContainText("Nothing has been changed");
    await expect(missing.getByTestId("missing-action")).toHaveText(WRITES);
    await expect(missing).toContainText(`arn:aws:iam::${HOME}:policy/ReadRolesForFNMS`);
    await expect(missing).toContainText(`arn:aws:iam::${HOME}:user/FNMSUser`);
    await expect(missing).toContainText("Step 3");
    await expect(missing).toContainText("Step 6");
    await expect(missing).not.toContainText("iam:GetPolicy");
    // The fix: which account, which principal, which policy.
    const fix = missing.getByTestId("missing-permissions-fix");
    await expect(fix).toContainText(`in account ${HOME}`);
    await expect(fix).toContainText(`the IAM user ${userName}`);
    await expect(fix).toContainText("AdministratorAccess");
    await expect(page.getByTestId("step-1-status")).toHaveText("Needs attention");
    await expect(page.getByTestId("permissions-ok")).toHaveCount(0);

    // Target accounts added afterwards: checking again covers reaching them too (sts:AssumeRole).
    await addTargets(page, "222222222222 333333333333");
    await openStep(page, 1);
    await page.getByTestId("recheck-permissions").click();
    const roleArn = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole";
    await expect(missing).toContainText(roleArn);
    await expect(missing).toContainText("arn:aws:iam::333333333333:role/OrganizationAccountAccessRole");
    await expect(missing).toContainText(`lack ${WRITES.length + 2} permission(s)`);
    await expect(missing).toContainText("Steps 2, 4 and 5");
    await checkLayout(page, "step-1-missing-permissions", [1]);

    // Step 5: Plan and Run are disabled and say why; a crafted request is refused by the server
    // (nothing is read or changed).
    await openStep(page, 5);
    const block = page.getByTestId("permissions-block");
    await expect(block).toBeVisible();
    await expect(block).toContainText(`account ${HOME}`);
    await expect(block).toContainText("iam:CreatePolicy");
    await expect(block).toContainText("Check again");
    await expect(page.getByTestId("show-plan")).toBeDisabled();
    await expect(page.getByTestId("run-rollout")).toBeDisabled();
    await expect(page.getByTestId("rollout-blocked-note")).toBeVisible();
    await clearSandboxRequests();
    for (const action of ["planRolloutAction", "runRolloutAction"]) {
      const crafted = await postAction(page.request, `/connections/${id}/setup`, action, { connectionId: id });
      expect(crafted.text).toContain('"code":"CONFLICT"');
      expect(crafted.text).toContain(`lack ${WRITES.length + 2} permission(s)`);
    }
    expect(query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Run" WHERE "connectionId" = ?`, id)[0]!.n).toBe(0);
    expect((await sandboxRequests({ principalArn: `arn:aws:iam::${HOME}:user/${userName}` })).count).toBe(0);
    await checkLayout(page, "step-5-permissions-blocked", [5]);

    // The admin attaches exactly the policy the page offers, then checks again: everything clears.
    await openStep(page, 1);
    await missing.getByText("Policy with exactly the missing permissions").click();
    const offered = (await page.getByTestId("missing-permissions-policy").textContent())!;
    expect(JSON.parse(offered)).toMatchObject({ Version: "2012-10-17" });
    await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: "BeaconportSetup", PolicyDocument: offered }));
    await page.getByTestId("recheck-permissions").click();
    await expect(page.getByTestId("permissions-ok")).toBeVisible();
    await expect(page.getByTestId("missing-permissions")).toHaveCount(0);
    await expect(page.getByTestId("step-1-status")).toHaveText("Done");
    await openStep(page, 5);
    await expect(page.getByTestId("permissions-block")).toHaveCount(0);
    await page.getByTestId("show-plan").click();
    await expect(page.getByTestId("plan")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId(`plan-home-${HOME}`)).toBeVisible();
    await expect(page.getByTestId("plan-error-222222222222")).toHaveCount(0);
  } finally {
    iam.destroy();
  }
});
