/**
 * Helpers for specs about saved connections (operate, notify, schedule): mark a seeded connection saved,
 * open its manage page with the sandbox administrator's credentials, and read the sandbox as its
 * administrator (to check what the portal changed in AWS).
 */
import { expect, type Page } from "@playwright/test";
import { IAMClient } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { e2eDatabaseUrl } from "./e2e-database";
import { askSeedServer, sandboxDetails } from "./seed";
import { signInAsAdmin } from "./users";

/** Marks a seeded connection "saved" and links it to the schedule, as step 8's Save does. */
export function saveConnection(connectionId: string): void {
  askSeedServer("save", { databaseUrl: e2eDatabaseUrl(), dataDir: process.env.E2E_DATA_DIR ?? "", connectionId });
}

/** Opens the connection's manage page (the portal admin is signed in) and gives it AWS administrator access. */
export async function openManageWithAwsAccess(page: Page, connectionId: string): Promise<void> {
  await page.goto(`/connections/${connectionId}/manage`);
  const sb = sandboxDetails();
  await page.getByTestId("operate-access-key-id").fill(sb.home.accessKeyId);
  await page.getByTestId("operate-secret-access-key").fill(sb.home.secretAccessKey);
  await page.getByTestId("operate-sign-in").click();
  await expect(page.getByTestId("operate-signed-in")).toBeVisible();
}

/** Signs in as the portal admin first (a fresh page), then as openManageWithAwsAccess. */
export async function openManageSignedIn(page: Page, connectionId: string): Promise<void> {
  await signInAsAdmin(page);
  await openManageWithAwsAccess(page, connectionId);
}

const region = "us-east-1";

/** IAM as the sandbox's administrator of `accountId` (home: its admin key; member: OrganizationAccountAccessRole). */
export async function adminIamOf(accountId: string): Promise<IAMClient> {
  const sb = sandboxDetails();
  if (accountId === sb.home.accountId) return new IAMClient({ endpoint: sb.endpoint, region, credentials: sb.home, maxAttempts: 1 });
  const sts = new STSClient({ endpoint: sb.endpoint, region, credentials: sb.home });
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: "e2e-admin" }));
  sts.destroy();
  const c = out.Credentials!;
  return new IAMClient({ endpoint: sb.endpoint, region, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken }, maxAttempts: 1 });
}

/** Whether an IAM read finds the entity (false on NoSuchEntity; other errors fail the spec). */
export async function exists(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchEntityException" || (error as { name?: string }).name === "NoSuchEntity") return false;
    throw error;
  }
}
