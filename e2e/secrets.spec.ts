/**
 * Secrets stay where they belong. Plants known secret values (an administrator's keys given to step 1,
 * the collector's secret created in step 6, a proxy password entered in step 8), runs the whole
 * automated flow through the browser, then searches the database files, the server's log and every
 * response the browser received (pages, server-component payloads, action results, API JSON) for them.
 * Allowed: the collector's secret in the one-time display of step 6 (one action response and that
 * page), and ciphertext in the sealed columns (so no plaintext anywhere in the database file).
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { expect, test, type Response } from "@playwright/test";
import { createProxy } from "proxy";
import { query } from "./support/db";
import { e2eDialect } from "./support/e2e-database";
import { readHar, secretsInDatabase, secretsInServerLog, secretsInTexts, serverLog, databaseFiles, type Captured } from "./support/secret-search";
import { resetSandbox, sandboxInfo } from "./support/sandbox";
import { addTargets, openStep, runConnectionTest, signInToAws, startConnection } from "./support/setup-wizard";
import { newSignedInReviewer, signInAsAdmin } from "./support/users";

const PROXY_USER = "planted-proxy-user";
const PROXY_PASSWORD = "Planted-Proxy-Secret-7f3a9Q";

test("planted secrets appear only in the sealed columns and the one-time display", async ({ browser }) => {
  test.setTimeout(300_000);
  await resetSandbox();
  const sb = sandboxInfo();

  // A fresh administrator in the home account: its secret exists nowhere but here and in AWS.
  const iam = new IAMClient({ endpoint: sb.endpoint, region: "us-east-1", credentials: sb.home });
  await iam.send(new CreateUserCommand({ UserName: "planted-admin" }));
  await iam.send(new AttachUserPolicyCommand({ UserName: "planted-admin", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }));
  const adminKey = (await iam.send(new CreateAccessKeyCommand({ UserName: "planted-admin" }))).AccessKey!;
  iam.destroy();
  const planted = { adminSecret: adminKey.SecretAccessKey!, proxyPassword: PROXY_PASSWORD };

  const proxy = createProxy(http.createServer());
  proxy.authenticate = (req) => req.headers["proxy-authorization"] === `Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString("base64")}`;
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const proxyPort = (proxy.address() as AddressInfo).port;

  const captured: Captured[] = [];
  const harDir = fs.mkdtempSync(path.join(process.env.E2E_DATA_DIR!, "har-"));
  const adminHar = path.join(harDir, "admin.har");
  const reviewerHar = path.join(harDir, "reviewer.har");
  const context = await browser.newContext({ recordHar: { path: adminHar, content: "embed" } });
  const page = await context.newPage();
  const html: { where: string; html: string }[] = [];
  const snapshot = async (where: string) => html.push({ where, html: await page.content() });

  try {
    await signInAsAdmin(page, null);
    const id = await startConnection(page, "automated");
    await signInToAws(page, { accessKeyId: adminKey.AccessKeyId!, secretAccessKey: planted.adminSecret });
    await expect(page.getByTestId("permissions-ok")).toBeVisible();
    await snapshot("step 1 signed in");
    await addTargets(page, "222222222222\n333333333333\n444444444444");
    await openStep(page, 4);
    // Entered rather than generated, so the spec knows the value it types.
    await page.getByTestId("external-id-enter").check();
    await page.getByTestId("role-settings").getByTestId("input-externalId").fill("planted-spec-external-id-01");
    await page.getByTestId("role-settings-submit").click();
    await expect(page.getByTestId("external-id")).toHaveText("planted-spec-external-id-01");
    await openStep(page, 5);
    // The plan must match the settings just saved; show it again if the page still had the old ones.
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.getByTestId("show-plan").click();
      await expect(page.getByTestId("plan")).toBeVisible({ timeout: 30_000 });
      if (await page.getByTestId("run-rollout").isEnabled()) break;
      await page.waitForTimeout(1000);
    }
    await page.getByTestId("run-rollout").click();
    await expect(page.getByTestId("rollout-status")).toHaveAttribute("data-run-status", "succeeded", { timeout: 90_000 });
    await snapshot("step 5 rolled out");

    // Step 6: the one-time display. Remember when it happened: only that action response may carry the secret.
    await openStep(page, 6);
    const keyWindowStart = Date.now();
    // The positive control from the page's own network events (read in full before the page moves on):
    // the HAR, written asynchronously, can miss a body under load.
    const actionBodies: Promise<string>[] = [];
    const onResponse = (r: Response) => {
      if (r.request().method() === "POST" && r.request().headers()["next-action"]) actionBodies.push(r.text().catch(() => ""));
    };
    page.on("response", onResponse);
    await page.getByTestId("create-access-key").click();
    await expect(page.getByTestId("access-key-once")).toBeAttached({ timeout: 20_000 });
    await openStep(page, 6);
    await expect(page.getByTestId("access-key-once")).toBeVisible();
    const collectorSecret = (await page.getByTestId("new-secret-access-key").textContent())!.trim();
    const keyWindowEnd = Date.now();
    expect(collectorSecret.length).toBeGreaterThanOrEqual(40);
    page.off("response", onResponse);
    const displayed = (await Promise.all(actionBodies)).filter((body) => body.includes(collectorSecret));
    // The positive control, from the DOM: the page holds the secret right now, and the same search that
    // must find nothing elsewhere finds it here (a body read from the network can come back empty under load).
    const displayPage = await page.content();
    expect(secretsInTexts({ collector: collectorSecret }, [{ where: "the one-time display", text: displayPage }]), "the one-time display").toEqual(["collector in the one-time display"]);
    // Let the action's response stream finish before leaving the page: a reload cuts a stream still open,
    // and the HAR then records that response without its body (the secret would be missed, not leaked).
    await page.waitForLoadState("networkidle");
    await page.reload();

    // Step 7 and step 8 through the authenticating proxy with the planted password.
    const step7 = await openStep(page, 7);
    await step7.getByTestId("step7-confirm").click();
    await expect(step7.getByTestId("step7-confirmed")).toBeAttached();
    const step8 = await openStep(page, 8);
    await expect(step8.getByTestId("input-useProxy")).toBeVisible();
    await step8.getByTestId("input-useProxy").check();
    await step8.getByTestId("input-proxyServer").fill(`127.0.0.1:${proxyPort}`);
    await step8.getByTestId("input-proxyUsername").fill(PROXY_USER);
    await step8.getByTestId("input-proxyPassword").fill(PROXY_PASSWORD);
    expect(await runConnectionTest(step8)).toBe("succeeded");
    await step8.getByTestId("step8-save").click();
    await expect(step8.getByTestId("step8-saved")).toBeAttached();
    await snapshot("step 8 saved");

    // Every other page an admin may open, and the downloads without secrets.
    const runIds = query<{ id: string }>(`SELECT id FROM "Run" WHERE "connectionId" = ?`, id).map((r) => r.id);
    for (const url of ["/", "/connections", `/connections/${id}`, `/connections/${id}/setup`, "/audit", `/connections/${id}/map`]) {
      await page.goto(url);
      await snapshot(url);
    }
    for (const url of [`/api/connections/${id}/details?format=json`, `/api/connections/${id}/details?format=text`, `/api/connections/${id}/details?format=html`, "/api/audit/export", ...runIds.map((r) => `/api/runs/${r}`)]) {
      const r = await page.request.get(url);
      captured.push({ url, method: "GET", action: false, body: await r.text(), at: Date.now() });
    }
    // The sign-out drops the session credentials (and a reviewer sees the result pages too).
    const reviewerContext = await browser.newContext({ recordHar: { path: reviewerHar, content: "embed" } });
    const reviewer = await reviewerContext.newPage();
    await newSignedInReviewer(page, reviewer);
    for (const url of ["/connections", `/connections/${id}`, "/"]) {
      await reviewer.goto(url);
      html.push({ where: `reviewer ${url}`, html: await reviewer.content() });
    }
    await reviewerContext.close();
    await context.close();
    captured.push(...readHar(adminHar), ...readHar(reviewerHar));

    const secrets: Record<string, string> = { "admin secret (step 1)": planted.adminSecret, "collector secret (step 6)": collectorSecret, "proxy password (step 8)": planted.proxyPassword };

    // 1. The database (SQLite: its files; PostgreSQL: a dump of the run's database): no plaintext at all
    // (sealed columns hold ciphertext).
    const dbFiles = databaseFiles().map((f) => path.basename(f));
    expect(dbFiles).toContain(e2eDialect() === "postgresql" ? "e2e.pg_dump.sql" : "e2e.db");
    expect(secretsInDatabase(secrets)).toEqual([]);
    const sealed = query<{ secretAccessKeySealed: string; proxyPasswordSealed: string }>(`SELECT "secretAccessKeySealed", "proxyPasswordSealed" FROM "Connection" WHERE id = ?`, id)[0]!;
    expect(sealed.secretAccessKeySealed).toMatch(/^v1\./);
    expect(sealed.proxyPasswordSealed).toMatch(/^v1\./);
    // The search can fail: the same search finds what is stored (the sealed values themselves).
    expect(secretsInDatabase({ "sealed collector secret": sealed.secretAccessKeySealed, "sealed proxy password": sealed.proxyPasswordSealed }).length).toBeGreaterThanOrEqual(2);

    // 2. The server's log (stdout and stderr of the web server, see playwright.config.ts).
    const log = serverLog();
    expect(log.length).toBeGreaterThan(0);
    expect(secretsInServerLog(secrets)).toEqual([]);

    test.info().annotations.push({ type: "searched", description: `${dbFiles.join(", ")}, server.log (${log.length} bytes), ${captured.length} responses, ${html.length} pages` });
    // 3. Every response and page: only the one-time display may hold the collector's secret.
    expect(captured.length).toBeGreaterThan(20);
    for (const [name, value] of Object.entries(secrets)) {
      const hits = captured.filter((c) => c.body.includes(value));
      if (name.startsWith("collector")) {
        for (const hit of hits) {
          expect(hit.action && hit.method === "POST" && hit.at >= keyWindowStart && hit.at <= keyWindowEnd + 1000, `${name} in ${hit.method} ${hit.url}`).toBe(true);
        }
        // At most one response carried it (seen live, when the body could be read); the HAR holds it at most there.
        expect(displayed.length, "responses with the one-time display").toBeLessThanOrEqual(1);
        expect(hits.length, "the one-time display in the recording").toBeLessThanOrEqual(1);
      } else {
        expect(hits.map((h) => `${h.method} ${h.url}`), name).toEqual([]);
      }
      for (const h of html) expect(h.html.includes(value), `${name} in the page "${h.where}"`).toBe(false);
    }
  } finally {
    await context.close();
    // The recordings hold the typed secrets (request bodies): gone with the test.
    fs.rmSync(harDir, { recursive: true, force: true });
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  }
});
