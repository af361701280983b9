/**
 * Steps 7 and 8 of the guided setup against the sandbox: the "AWS imports" schedule (its name cannot be
 * changed), the beacon's connection dialog with a real authenticating proxy, Test connection with each
 * account's result, Save refused until a test of exactly these details passed, and the beacon connection
 * details download with and without password re-entry.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { createProxy } from "proxy";
import { postAction } from "./support/actions";
import { auditCount, exec, query } from "./support/db";
import { seedConnection, type SeededConnection } from "./support/seed";
import { openStep, runConnectionTest } from "./support/setup-wizard";
import { ADMIN, signInAsAdmin } from "./support/users";
import { checkLayout, KEEP_SCREENSHOTS } from "./support/layout";

test.describe.configure({ mode: "serial" });

const EXTERNAL_ID = "beaconport-e2e-ext-0001";
const PROXY_USER = "beacon-proxy";
const PROXY_PASSWORD = "Pr0xy:pass/e2e";

const proxyServer = createProxy(http.createServer());
proxyServer.authenticate = (req) => req.headers["proxy-authorization"] === `Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString("base64")}`;
let proxied = 0;
proxyServer.on("request", () => proxied++);
proxyServer.on("connect", () => proxied++);
let proxyPort = 0;

test.beforeAll(async () => {
  await new Promise<void>((resolve) => proxyServer.listen(0, "127.0.0.1", resolve));
  proxyPort = (proxyServer.address() as AddressInfo).port;
});
test.afterAll(async () => {
  proxyServer.closeAllConnections();
  await new Promise((resolve) => proxyServer.close(resolve));
});

function connectionRow(id: string) {
  return query<{ status: string; scheduleId: string | null; lastTestStatus: string | null; name: string }>(`SELECT status, "scheduleId", "lastTestStatus", name FROM "Connection" WHERE id = ?`, id)[0]!;
}

async function gotoSetup(page: Page, seeded: SeededConnection): Promise<void> {
  await page.goto(`/connections/${seeded.connectionId}/setup`);
  await expect(page.getByTestId("setup-steps")).toBeVisible();
}

/** What a crafted request would send: the dialog's fields, bypassing the page. */
function craftedSettings(seeded: SeededConnection, extra: Record<string, string> = {}): Record<string, string> {
  return { connectionId: seeded.connectionId, connectionName: connectionRow(seeded.connectionId).name, accessKeyId: seeded.accessKeyId, externalId: EXTERNAL_ID, ...extra };
}

test("step 7: the AWS imports schedule, every 30 minutes by default; its name cannot be changed", async ({ page }) => {
  const seeded = seedConnection({ storeSecret: true, externalId: EXTERNAL_ID });
  await signInAsAdmin(page, null);
  await gotoSetup(page, seeded);
  const step7 = await openStep(page, 7);
  await expect(step7.getByTestId("step7-schedule-name")).toHaveText("AWS imports");
  await expect(step7.getByTestId("step7-why")).toContainText("IBM PVU");
  await expect(step7.getByTestId("step7-why")).toContainText("terminated instance");

  // Bad input: the message sits under the field and the typed value stays.
  await step7.getByTestId("input-intervalMinutes").fill("2");
  await step7.getByTestId("step7-confirm").click();
  await expect(step7.getByTestId("error-intervalMinutes")).toContainText("at least 5");
  await expect(step7.getByTestId("input-intervalMinutes")).toHaveValue("2");
  // Less often than every 30 minutes is allowed, with the procedure's warning.
  await step7.getByTestId("input-intervalMinutes").fill("45");
  await expect(step7.getByTestId("step7-warning")).toContainText("IBM PVU");
  await step7.getByTestId("step7-reset").click();
  await expect(step7.getByTestId("input-intervalMinutes")).toHaveValue("30");
  await step7.getByTestId("step7-confirm").click();
  await expect(step7.getByTestId("step7-confirmed")).toContainText("every 30 minutes");
  await expect(step7.getByTestId("step7-link")).toContainText("Linked");
  expect(connectionRow(seeded.connectionId).scheduleId).toBe("aws-imports");
  await checkLayout(page, "step-7-schedule", step7);

  // A crafted request that renames the schedule is refused and changes nothing.
  const crafted = await postAction(page.request, `/connections/${seeded.connectionId}/setup`, "confirmScheduleAction", { connectionId: seeded.connectionId, intervalMinutes: "30", name: "My AWS schedule" });
  expect(crafted.text).toContain("cannot be changed");
  expect(query<{ name: string }>(`SELECT name FROM "Schedule"`).map((s) => s.name)).toEqual(["AWS imports"]);

  // Renamed behind the portal's back: the next read puts the name back, and the audit trail says so.
  const restoresBefore = auditCount("schedule.restore");
  exec(`UPDATE "Schedule" SET name = 'Renamed by hand' WHERE id = 'aws-imports'`);
  await page.reload();
  await expect((await openStep(page, 7)).getByTestId("step7-schedule-name")).toHaveText("AWS imports");
  expect(query<{ name: string }>(`SELECT name FROM "Schedule" WHERE id = 'aws-imports'`)[0]?.name).toBe("AWS imports");
  expect(auditCount("schedule.restore")).toBe(restoresBefore + 1);
});

test("step 8: test through an authenticating proxy, Save only after it passed, then download the details", async ({ page }) => {
  // The admin created the key by hand: step 8 asks for the key and its secret.
  const seeded = seedConnection({ storeSecret: false, externalId: EXTERNAL_ID });
  await signInAsAdmin(page, null);
  await gotoSetup(page, seeded);
  const step8 = await openStep(page, 8);
  // Fixed by the procedure: shown as values, not as (disabled) dropdowns that look editable.
  await expect(step8.getByTestId("step8-sourceType")).toHaveText(/^Amazon Web Services\s*fixed$/);
  await expect(step8.getByTestId("step8-adapterType")).toHaveText(/^Direct\s*fixed$/);
  await expect(step8.getByRole("combobox", { name: /Source Type|Adapter Type/ })).toHaveCount(0);
  await expect(step8).toContainText("AWS Config");
  await expect(step8.getByTestId("input-externalId")).toHaveValue(EXTERNAL_ID);
  await expect(step8.getByTestId("step8-save")).toBeDisabled();
  await expect(step8.getByTestId("step8-save-blocked")).toContainText("Test the connection first");

  // Bad input anywhere: messages under the fields, nothing typed is lost.
  await step8.getByTestId("input-accessKeyId").fill("not-a-key");
  await step8.getByTestId("input-useProxy").check();
  await step8.getByTestId("input-proxyServer").fill("socks5://proxy:1080");
  await step8.getByTestId("step8-test").click();
  await expect(step8.getByTestId("error-accessKeyId")).toContainText("AKIA");
  await expect(step8.getByTestId("error-proxyServer")).toContainText("socks5");
  await expect(step8.getByTestId("input-proxyServer")).toHaveValue("socks5://proxy:1080");

  // The procedure's normalization: no scheme means http.
  await step8.getByTestId("input-accessKeyId").fill(seeded.accessKeyId);
  await step8.getByTestId("input-secretAccessKey").fill(seeded.secretAccessKey);
  await step8.getByTestId("input-proxyServer").fill(`127.0.0.1:${proxyPort}`);
  await expect(step8.getByTestId("step8-proxy-normalized")).toContainText(`http://127.0.0.1:${proxyPort}`);
  await step8.getByTestId("input-proxyUsername").fill(PROXY_USER);
  await step8.getByTestId("input-proxyPassword").fill("wrong-proxy-password");
  expect(await runConnectionTest(step8)).toBe("failed");
  await expect(step8.getByTestId("test-user")).toHaveAttribute("data-status", "failed");
  await expect(step8.getByTestId("test-user-failures").getByTestId("test-cause").first()).toContainText(/proxy/i);
  await expect(step8.getByTestId("step8-save")).toBeDisabled();

  // The right proxy password: every account passes, through the proxy.
  proxied = 0;
  await step8.getByTestId("input-proxyPassword").fill(PROXY_PASSWORD);
  expect(await runConnectionTest(step8)).toBe("succeeded");
  expect(proxied).toBeGreaterThan(0);
  await expect(step8.getByTestId("test-via-proxy")).toContainText(`http://127.0.0.1:${proxyPort}`);
  for (const id of ["222222222222", "333333333333", "444444444444"]) {
    await expect(step8.getByTestId(`test-account-${id}`)).toHaveAttribute("data-status", "done");
    await expect(step8.getByTestId(`test-account-${id}`).getByTestId("test-inventory")).toContainText("instance(s)");
  }
  await expect(step8.getByTestId("step8-save")).toBeEnabled();
  // The draft keeps the tested proxy password, but it is not "stored" as a saved connection's would be.
  await expect(step8.getByTestId("input-proxyPassword")).toHaveAttribute("placeholder", "Used for the last test; saved with the connection — leave blank to keep it");
  // Issue #15, confusion 4 (fixed values, what the proxy password field says, Saved): kept in every run.
  await checkLayout(page, "step-8-tested", step8, KEEP_SCREENSHOTS);

  // Editing any field disables Save again until the next test.
  await step8.getByTestId("input-connectionName").fill("Production AWS (edited)");
  await expect(step8.getByTestId("step8-save")).toBeDisabled();
  await expect(step8.getByTestId("step8-save-blocked")).toContainText("changed since the last test");
  // ... and a crafted save with details other than those tested is refused by the server.
  const crafted = await postAction(page.request, `/connections/${seeded.connectionId}/setup`, "saveConnectionAction", craftedSettings(seeded, { connectionName: "Production AWS (edited)", useProxy: "on", proxyServer: `127.0.0.1:${proxyPort}`, proxyUsername: PROXY_USER }));
  expect(crafted.text).toContain('"code":"CONFLICT"');
  expect(connectionRow(seeded.connectionId).status).toBe("draft");

  await page.reload();
  const again = await openStep(page, 8);
  await expect(again.getByTestId("input-proxyServer")).toHaveValue(`http://127.0.0.1:${proxyPort}`);
  await expect(again.getByTestId("step8-save")).toBeEnabled();
  await again.getByTestId("step8-save").click();
  await expect(again.getByTestId("step8-saved")).toContainText("AWS imports");
  await expect(again.getByTestId("step8-saved")).toContainText("Next import due");
  const row = connectionRow(seeded.connectionId);
  expect(row.status).toBe("saved");
  expect(row.scheduleId).toBe("aws-imports");
  expect(query<{ nextRunAt: unknown }>(`SELECT "nextRunAt" FROM "Schedule" WHERE id = 'aws-imports'`)[0]?.nextRunAt).not.toBeNull();
  await expect(page.getByTestId("step-8")).toHaveAttribute("data-state", "done");
  // Saved: the button says so and cannot be pressed again; the note says what would need a new test.
  await expect(again.getByTestId("step8-save")).toHaveText("✓ Saved");
  await expect(again.getByTestId("step8-save")).toBeDisabled();
  await expect(again.getByTestId("step8-save-blocked")).toContainText("needs a new Test connection");
  await expect(again.getByTestId("input-proxyPassword")).toHaveAttribute("placeholder", "Stored — leave blank to keep it");
  await checkLayout(page, "step-8-saved", page.getByTestId("step-8"), KEEP_SCREENSHOTS);

  // Details without secrets: every field of the beacon's dialog.
  const downloadsBefore = auditCount("connection.details.download");
  const details = await openStep(page, 8);
  const [jsonDownload] = await Promise.all([page.waitForEvent("download"), details.getByTestId("details-json").click()]);
  const json = JSON.parse(fs.readFileSync((await jsonDownload.path())!, "utf8")) as Record<string, Record<string, unknown>>;
  expect(json.format).toBe("beaconport.connection-details/v1");
  expect(json.secretsIncluded).toBe(false);
  expect(json.connection).toMatchObject({ sourceType: "Amazon Web Services", adapterType: "Direct", accessKey: seeded.accessKeyId, secretAccessKey: null, secretAccessKeyStored: true, externalId: EXTERNAL_ID });
  expect(json.proxy).toEqual({ useProxy: true, proxyServer: `http://127.0.0.1:${proxyPort}`, username: PROXY_USER, password: null, passwordStored: true });
  expect(json.schedule).toMatchObject({ name: "AWS imports", intervalMinutes: 30 });
  const [textDownload] = await Promise.all([page.waitForEvent("download"), details.getByTestId("details-text").click()]);
  const text = fs.readFileSync((await textDownload.path())!, "utf8");
  for (const label of ["Connection Name:", "Source Type:", "Adapter Type:", "Access Key:", "Secret Access Key:", "External ID:", "Use Proxy:", "Proxy Server:", "Username:", "Password:"]) expect(text).toContain(label);
  expect(text).not.toContain(seeded.secretAccessKey);
  expect(text).not.toContain(PROXY_PASSWORD);

  // With secrets: only after re-entering the password; a wrong one is refused.
  await details.getByTestId("input-password").fill("not-my-password");
  await details.getByTestId("details-secrets-submit").click();
  await expect(details.getByTestId("error-password")).toContainText("not right");
  await details.getByTestId("input-password").fill(ADMIN.password);
  await details.getByTestId("select-format").selectOption("json");
  const [secretDownload] = await Promise.all([page.waitForEvent("download"), details.getByTestId("details-secrets-submit").click()]);
  const withSecrets = JSON.parse(fs.readFileSync((await secretDownload.path())!, "utf8")) as Record<string, Record<string, unknown>>;
  expect(withSecrets.secretsIncluded).toBe(true);
  expect(withSecrets.connection!.secretAccessKey).toBe(seeded.secretAccessKey);
  expect(withSecrets.proxy!.password).toBe(PROXY_PASSWORD);
  await details.getByTestId("input-password").fill(ADMIN.password);
  await details.getByTestId("select-format").selectOption("text");
  const [secretText] = await Promise.all([page.waitForEvent("download"), details.getByTestId("details-secrets-submit").click()]);
  expect(fs.readFileSync((await secretText.path())!, "utf8")).toContain(`Secret Access Key: ${seeded.secretAccessKey}`);

  // Every download is audited, never with the secret; a POST without a valid grant is refused.
  expect(auditCount("connection.details.download")).toBe(downloadsBefore + 4);
  const audits = JSON.stringify(query(`SELECT * FROM "AuditEvent"`));
  expect(audits).not.toContain(seeded.secretAccessKey);
  expect(audits).not.toContain(PROXY_PASSWORD);
  const forged = await page.request.post(`/api/connections/${seeded.connectionId}/details`, { form: { grant: "v1.forged.grant.value", format: "json" } });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).not.toContain(seeded.secretAccessKey);

  // The printable page.
  const printable = await page.request.get(`/api/connections/${seeded.connectionId}/details?format=html`);
  expect(printable.headers()["content-type"]).toContain("text/html");
  expect(await printable.text()).toContain("@media print");
});

test("a wrong external ID is shown with its cause, and Save is refused", async ({ page }) => {
  const seeded = seedConnection({ storeSecret: true, externalId: EXTERNAL_ID });
  await signInAsAdmin(page, null);
  await gotoSetup(page, seeded);
  const step8 = await openStep(page, 8);
  // Prefilled from step 6: the secret is stored, never shown.
  await expect(step8.getByTestId("input-accessKeyId")).toHaveValue(seeded.accessKeyId);
  await expect(step8.getByTestId("input-secretAccessKey")).toHaveValue("");
  await expect(step8.getByTestId("input-secretAccessKey")).toHaveAttribute("placeholder", /Stored/);
  await step8.getByTestId("input-externalId").fill("not-the-external-id");
  expect(await runConnectionTest(step8)).toBe("failed");
  for (const id of ["222222222222", "333333333333", "444444444444"]) {
    const account = step8.getByTestId(`test-account-${id}`);
    await expect(account).toHaveAttribute("data-status", "failed");
    await expect(account.getByTestId("test-cause").first()).toContainText(/external ID/i);
    await expect(account.getByTestId("test-fix").first()).toBeVisible();
  }
  await expect(step8.getByTestId("step8-save")).toBeDisabled();
  await expect(step8.getByTestId("step8-save-blocked")).toContainText("failed");
  await checkLayout(page, "step-8-wrong-external-id", step8);
  const crafted = await postAction(page.request, `/connections/${seeded.connectionId}/setup`, "saveConnectionAction", craftedSettings(seeded, { externalId: "not-the-external-id" }));
  expect(crafted.text).toContain('"code":"CONFLICT"');
  expect(crafted.text).toContain("failed");
  const row = connectionRow(seeded.connectionId);
  expect(row.status).toBe("draft");
  expect(row.lastTestStatus).toBe("failed");
  const reasons = query<{ lastTestReason: string | null }>(`SELECT "lastTestReason" FROM "TargetAccount" WHERE "connectionId" = ?`, seeded.connectionId);
  expect(reasons.every((r) => /external ID/i.test(r.lastTestReason ?? ""))).toBe(true);
});

test("a missing permission is shown with its cause; the other accounts pass; Save is refused", async ({ page }) => {
  const seeded = seedConnection({ storeSecret: true, externalId: EXTERNAL_ID, removeAction: { accountId: "333333333333", action: "ec2:DescribeHosts" } });
  await signInAsAdmin(page, null);
  await gotoSetup(page, seeded);
  const step8 = await openStep(page, 8);
  expect(await runConnectionTest(step8)).toBe("partial");
  const broken = step8.getByTestId("test-account-333333333333");
  await expect(broken).toHaveAttribute("data-status", "failed");
  await expect(broken.getByTestId("test-cause").first()).toContainText("ec2:DescribeHosts");
  await expect(broken.getByTestId("test-fix").first()).toContainText("inventory policy");
  await expect(step8.getByTestId("test-account-222222222222")).toHaveAttribute("data-status", "done");
  await expect(step8.getByTestId("test-account-444444444444")).toHaveAttribute("data-status", "done");
  await expect(step8.getByTestId("step8-save")).toBeDisabled();
  await checkLayout(page, "step-8-missing-permission", step8);
  const crafted = await postAction(page.request, `/connections/${seeded.connectionId}/setup`, "saveConnectionAction", craftedSettings(seeded));
  expect(crafted.text).toContain('"code":"CONFLICT"');
  expect(connectionRow(seeded.connectionId).status).toBe("draft");
});
