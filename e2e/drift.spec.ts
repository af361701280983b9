/**
 * Scheduled re-verification in the browser: drift introduced directly in the sandbox (a wildcard added to
 * the read-roles policy; a role's trust changed) is found by the next scheduled run (started with
 * "Run now", which takes the same database claim as the timer) and shown with its fix; the app shell's
 * banner points at it. A reviewer sees it all but cannot run anything.
 */
import { expect, test } from "@playwright/test";
import { CreatePolicyVersionCommand, GetPolicyCommand, GetPolicyVersionCommand, IAMClient, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { STSClient, AssumeRoleCommand } from "@aws-sdk/client-sts";
import { seedConnection, sandboxDetails } from "./support/seed";
import { saveConnection } from "./support/saved-connection";
import { newSignedInReviewer, signInAsAdmin } from "./support/users";


const region = "us-east-1";

async function adminIamOf(accountId: string): Promise<IAMClient> {
  const sb = sandboxDetails();
  if (accountId === sb.home.accountId) return new IAMClient({ endpoint: sb.endpoint, region, credentials: sb.home });
  const sts = new STSClient({ endpoint: sb.endpoint, region, credentials: sb.home });
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: "e2e-drift" }));
  const c = out.Credentials!;
  return new IAMClient({ endpoint: sb.endpoint, region, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken } });
}

test("drift introduced in AWS is found by the next scheduled run and shown with its fix", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const seeded = seedConnection({ storeSecret: true, externalId: "e2e-drift-external-id-0001", targets: ["222222222222", "333333333333"], connectionName: `Drift ${Date.now()}` });
  saveConnection(seeded.connectionId);
  const sb = sandboxDetails();

  // A wildcard in the read-roles policy (home account), and a trust changed in 333333333333.
  const home = await adminIamOf(sb.home.accountId);
  const arn = `arn:aws:iam::${sb.home.accountId}:policy/${seeded.names.readRolesPolicy}`;
  const policy = await home.send(new GetPolicyCommand({ PolicyArn: arn }));
  const version = await home.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy!.DefaultVersionId! }));
  const doc = JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!)) as { Statement: unknown[] };
  doc.Statement.push({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::*:role/*" });
  await home.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(doc), SetAsDefault: true }));
  const dev = await adminIamOf("333333333333");
  await dev.send(new UpdateAssumeRolePolicyCommand({ RoleName: seeded.names.role, PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" }] }) }));

  await signInAsAdmin(page, "/schedule");
  await page.getByTestId("run-now").click();
  await expect(page.getByTestId("run-now-started")).toBeVisible();
  await expect(page.getByTestId(`scheduled-status-${seeded.connectionId}`)).toHaveText("failed", { timeout: 60_000 });
  await expect(page.getByTestId("status-banner")).toBeVisible();

  await page.getByTestId(`schedule-details-${seeded.connectionId}`).click();
  const detail = page.getByTestId("schedule-detail");
  await expect(detail.getByTestId("finding-assume-role-wildcard")).toBeVisible();
  await expect(detail.getByTestId("finding-assume-role-wildcard").getByTestId("finding-fix")).toContainText("exact");
  const account = detail.getByTestId("account-detail-333333333333");
  await expect(account.getByTestId("finding-role-unreachable")).toBeVisible();
  await expect(account.getByTestId("finding-role-unreachable").getByTestId("finding-fix")).toContainText(seeded.names.role);
  await expect(page.getByTestId("schedule-runs").getByTestId("schedule-run-row").first()).toBeVisible();

  // A reviewer sees the banner and the findings, but no "Run now".
  const context = await browser.newContext();
  const reviewer = await context.newPage();
  await newSignedInReviewer(page, reviewer);
  await reviewer.goto(`/schedule?connection=${seeded.connectionId}`);
  await expect(reviewer.getByTestId("status-banner")).toBeVisible();
  await expect(reviewer.getByTestId("schedule-detail").getByTestId("finding-assume-role-wildcard")).toBeVisible();
  await expect(reviewer.getByTestId("run-now")).toHaveCount(0);
  await context.close();
});
