/**
 * A target reached with temporary credentials pasted for this run only (no administrator role from the
 * home account): without them Plan and Run refuse, with the message next to that account's fields;
 * with them plan and rollout succeed for every account, and the pasted values are afterwards in none
 * of the database files, the server's log, the pages or any response the browser received.
 */
import fs from "node:fs";
import path from "node:path";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { expect, test, type Page } from "@playwright/test";
import { query } from "./support/db";
import { clearSandboxRequests, resetSandbox, sandboxInfo, sandboxRequests } from "./support/sandbox";
import { readHar, secretsInDatabase, secretsInServerLog, secretsInTexts } from "./support/secret-search";
import { addTargets, openStep, signInToAws, startConnection } from "./support/setup-wizard";
import { signInAsAdmin } from "./support/users";
import { checkLayout } from "./support/layout";

const VIA_CREDENTIALS = "333333333333";
const TARGETS = ["222222222222", VIA_CREDENTIALS, "444444444444"];
const SESSION_NAME = "pasted-for-one-run";

async function pasteCredentials(page: Page, c: { accessKeyId: string; secretAccessKey: string; sessionToken: string }): Promise<void> {
  const fields = page.getByTestId("per-account-credentials");
  await fields.getByTestId(`input-acct_${VIA_CREDENTIALS}_accessKeyId`).fill(c.accessKeyId);
  await fields.getByTestId(`input-acct_${VIA_CREDENTIALS}_secretAccessKey`).fill(c.secretAccessKey);
  await fields.getByTestId(`input-acct_${VIA_CREDENTIALS}_sessionToken`).fill(c.sessionToken);
}

test("a target reached with temporary credentials: refused without them, rolled out with them, never stored", async ({ browser }) => {
  test.setTimeout(180_000);
  await resetSandbox();
  const sb = sandboxInfo();
  // Temporary credentials of that account's administrator: an STS session (what "switch role" or an SSO
  // portal gives), made here with the management account's access to it.
  const sts = new STSClient({ endpoint: sb.endpoint, region: "us-east-1", credentials: sb.home });
  const session = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${VIA_CREDENTIALS}:role/OrganizationAccountAccessRole`, RoleSessionName: SESSION_NAME }))).Credentials!;
  sts.destroy();
  const pasted = { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! };

  const harDir = fs.mkdtempSync(path.join(process.env.E2E_DATA_DIR!, "har-"));
  const har = path.join(harDir, "admin.har");
  const context = await browser.newContext({ recordHar: { path: har, content: "embed" } });
  const page = await context.newPage();
  const pages: { where: string; text: string }[] = [];
  try {
    await signInAsAdmin(page, null);
    const id = await startConnection(page, "automated");
    await signInToAws(page, sb.home);
    await addTargets(page, TARGETS.join(" "));
    await openStep(page, 2);
    await page.getByTestId(`target-${VIA_CREDENTIALS}-access-method`).selectOption("credentials");
    await page.getByTestId(`target-${VIA_CREDENTIALS}-save`).click();
    await expect.poll(() => query<{ accessMethod: string }>(`SELECT "accessMethod" FROM "TargetAccount" WHERE "connectionId" = ? AND "accountId" = ?`, id, VIA_CREDENTIALS)[0]?.accessMethod).toBe("credentials");

    // Without the credentials: refused, the message under that account's access key field.
    await openStep(page, 5);
    const fields = page.getByTestId("per-account-credentials");
    await expect(fields).toBeVisible();
    await expect(fields).toContainText("never stored");
    await expect(page.getByTestId("per-account-credentials-note")).toContainText("paste them again for the run");
    await page.getByTestId("show-plan").click();
    await expect(fields.getByTestId(`error-acct_${VIA_CREDENTIALS}_accessKeyId`)).toContainText(`Paste temporary credentials for ${VIA_CREDENTIALS}`);
    await expect(page.getByTestId("rollout-form-error")).toContainText(VIA_CREDENTIALS);
    expect(query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Run" WHERE "connectionId" = ?`, id)[0]!.n).toBe(0);
    await checkLayout(page, "step-5-credentials-needed", [5]);

    // With them: the plan reads that account with the pasted credentials, the others through their role.
    await clearSandboxRequests();
    await pasteCredentials(page, pasted);
    await page.getByTestId("show-plan").click();
    await expect(page.getByTestId("plan")).toBeVisible({ timeout: 30_000 });
    for (const t of TARGETS) await expect(page.getByTestId(`plan-target-${t}`)).toContainText("iam:CreateRole");
    await expect(page.getByTestId(`plan-error-${VIA_CREDENTIALS}`)).toHaveCount(0);
    // Every call in that account was made with the pasted session, none through a role from home.
    // (Only administrator sessions count: a scheduled test of another spec's connection may read there too.)
    const asAdmin = ((await sandboxRequests({ accountId: VIA_CREDENTIALS })).requests as { principalArn?: string }[]).filter((r) => r.principalArn?.includes(":assumed-role/OrganizationAccountAccessRole/"));
    expect(asAdmin.length).toBeGreaterThan(0);
    expect(asAdmin.filter((r) => !r.principalArn?.endsWith(`/${SESSION_NAME}`))).toEqual([]);

    // Run without them (the plan's were for the plan only): refused next to the fields, nothing changed.
    await expect(page.getByTestId("run-rollout")).toBeEnabled();
    await pasteCredentials(page, { accessKeyId: "", secretAccessKey: "", sessionToken: "" });
    await clearSandboxRequests();
    await page.getByTestId("run-rollout").click();
    await expect(fields.getByTestId(`error-acct_${VIA_CREDENTIALS}_accessKeyId`)).toContainText(`Paste temporary credentials for ${VIA_CREDENTIALS}`);
    expect(query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Run" WHERE "connectionId" = ? AND kind = 'rollout'`, id)[0]!.n).toBe(0);
    expect((await sandboxRequests({ principalArn: `arn:aws:sts::${VIA_CREDENTIALS}:assumed-role/OrganizationAccountAccessRole/${SESSION_NAME}` })).count).toBe(0);
    await pasteCredentials(page, pasted);
    await page.getByTestId("run-rollout").click();
    await expect(page.getByTestId("rollout-status")).toHaveAttribute("data-run-status", "succeeded", { timeout: 90_000 });
    for (const t of TARGETS) {
      await expect(page.getByTestId(`rollout-${t}-role`)).toHaveAttribute("data-status", "done");
      await expect(page.getByTestId(`rollout-${t}-verify-role`)).toHaveAttribute("data-status", "done");
    }
    await expect(page.getByTestId("step-5-status")).toHaveText("Done");
    expect(query<{ setupStatus: string }>(`SELECT "setupStatus" FROM "TargetAccount" WHERE "connectionId" = ?`, id).map((r) => r.setupStatus)).toEqual(["done", "done", "done"]);
    await checkLayout(page, "step-5-per-account-credentials-done", [5]);
    pages.push({ where: "the setup page after the run", text: await page.content() });
    await page.reload();
    await openStep(page, 5);
    pages.push({ where: "the setup page reloaded", text: await page.content() });
    for (const url of ["/connections", `/connections/${id}`, "/audit"]) {
      await page.goto(url);
      pages.push({ where: url, text: await page.content() });
    }
    const runIds = query<{ id: string }>(`SELECT id FROM "Run" WHERE "connectionId" = ?`, id).map((r) => r.id);
    for (const runId of runIds) {
      const r = await page.request.get(`/api/runs/${runId}`);
      pages.push({ where: `/api/runs/${runId}`, text: await r.text() });
    }
    await context.close();

    // The secret and the session token: nowhere. The access key ID is no secret (the form echoes it back
    // to keep what was typed), but it must not be stored or logged either.
    const secrets = { "pasted secret access key": pasted.secretAccessKey, "pasted session token": pasted.sessionToken };
    const responses = readHar(har).map((c) => ({ where: `${c.method} ${c.url}${c.action ? " (server action)" : ""}`, text: c.body }));
    expect(responses.length).toBeGreaterThan(10);
    expect(secretsInDatabase({ ...secrets, "pasted access key ID": pasted.accessKeyId })).toEqual([]);
    expect(secretsInServerLog({ ...secrets, "pasted access key ID": pasted.accessKeyId })).toEqual([]);
    expect(secretsInTexts(secrets, pages)).toEqual([]);
    expect(secretsInTexts(secrets, responses)).toEqual([]);
  } finally {
    await context.close();
    // The recording holds the typed secrets (request bodies): gone with the test.
    fs.rmSync(harDir, { recursive: true, force: true });
  }
});
