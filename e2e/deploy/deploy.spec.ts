/**
 * The shape customers run: Chromium → nginx (TLS, `proxy_set_header Host $host` on a non-default port,
 * round-robin) → two instances of one build on one PostgreSQL database (e2e/deploy/serve.ts). The
 * journey from the first administrator to a saved connection and its details download goes through it
 * with requests alternating between the instances; then the things a proxy gets wrong, and a rolling
 * upgrade under a browser that still holds a page of the old build.
 */
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { sandboxInfo } from "../support/sandbox";
import { addTargets, openStep, runConnectionTest, signInToAws, startConnection } from "../support/setup-wizard";
import { readSetupToken } from "../support/setup-token";
import { ADMIN } from "../support/users";
import { DEPLOY_HOST, deployPorts, type DeployInfo } from "./ports";

test.describe.configure({ mode: "serial" });

function info(): DeployInfo {
  return JSON.parse(fs.readFileSync(path.join(process.env.E2E_DATA_DIR!, "deploy.json"), "utf8")) as DeployInfo;
}

function instanceLog(n: 1 | 2): string {
  return fs.readFileSync(path.join(info().dataDir, `instance-${n}.log`), "utf8");
}

/** Which instance (port) nginx sent each request matching `pathPrefix` to, from its access log. */
function upstreamsFor(pathPrefix: string): string[] {
  return fs
    .readFileSync(info().nginxAccessLog, "utf8")
    .split("\n")
    .filter((line) => line.split(" ")[1]?.startsWith(pathPrefix))
    .map((line) => /upstream=\S*:(\d+)/.exec(line)?.[1] ?? "?");
}

/** A raw HTTPS request to nginx (SNI beaconport.test) with the headers a hostile client chooses. */
function rawRequest(port: number, headers: Record<string, string>, requestPath = "/login", tls = true): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = (tls ? https.request : http.request)(
      { host: "127.0.0.1", port, path: requestPath, method: "GET", headers, ...(tls ? { servername: DEPLOY_HOST, rejectUnauthorized: false } : {}) },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on("error", reject);
    request.end();
  });
}

async function health(page: Page): Promise<{ status: string; build: string; warnings: string[] }> {
  return page.evaluate(async () => (await fetch("/api/health", { cache: "no-store" })).json());
}

test("first administrator → automated setup → saved connection → details download, through nginx and two instances", async ({ page, context }) => {
  test.setTimeout(300_000);
  const sb = sandboxInfo();

  // Both instances came up on the one build without rebuilding, although a source file is newer than it.
  const built = (JSON.parse(fs.readFileSync(".next/beaconport-build.json", "utf8")) as { deploymentId: string }).deploymentId;
  for (const n of [1, 2] as const) {
    expect(instanceLog(n)).toContain(`build ${built} matches the sources`);
    expect(instanceLog(n)).not.toContain("building the app");
  }

  // The first administrator, over https on a non-default port with Host rewritten by nginx: server actions work.
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  // The setup token one of the two instances generated (the database holds its hash, so either accepts it).
  await page.getByTestId("input-setupToken").fill(readSetupToken(path.join(info().dataDir, "instance-1"), path.join(info().dataDir, "instance-2")));
  await page.getByTestId("input-name").fill(ADMIN.name);
  await page.getByTestId("input-email").fill(ADMIN.email);
  await page.getByTestId("input-password").fill(ADMIN.password);
  await page.getByTestId("input-confirmPassword").fill(ADMIN.password);
  await page.getByTestId("setup-submit").click();
  await expect(page.getByTestId("current-user-name")).toHaveText(ADMIN.name);
  const session = (await context.cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(session?.name).toBe("__Secure-authjs.session-token");
  expect(session?.secure).toBe(true);

  // next-auth builds its URLs on the public origin, not on an instance's address.
  const providers = await page.evaluate(async () => (await fetch("/api/auth/providers")).json());
  expect((providers as { credentials: { callbackUrl: string } }).credentials.callbackUrl).toBe(`${info().publicUrl}/api/auth/callback/credentials`);

  // The automated setup, steps 1-6.
  await startConnection(page, "automated");
  await signInToAws(page, sb.home);
  await addTargets(page, "222222222222\n333333333333");
  await openStep(page, 4);
  // The connection was created with a generated external ID; saving keeps it.
  await expect(page.getByTestId("external-id")).toHaveText(/^[A-Za-z0-9]{48}$/);
  await page.getByTestId("role-settings-submit").click();
  await expect(page.getByTestId("external-id")).toHaveText(/^[A-Za-z0-9]{48}$/);
  await openStep(page, 5);
  await page.getByTestId("show-plan").click();
  await expect(page.getByTestId("plan")).toBeVisible({ timeout: 30_000 });
  await page.getByTestId("run-rollout").click();
  await expect(page.getByTestId("rollout-status")).toHaveAttribute("data-run-status", "succeeded", { timeout: 90_000 });
  await expect(page.getByTestId("run-progress-count")).toHaveText("3 of 3 accounts");
  await openStep(page, 6);
  await page.getByTestId("create-access-key").click();
  await expect(page.getByTestId("access-key-once")).toBeVisible();

  // Step 8: test as the beacon, save.
  const step8 = page.getByTestId("step-8");
  await openStep(page, 8);
  expect(await runConnectionTest(step8)).toBe("succeeded");
  await step8.getByTestId("step8-save").click();
  await expect(step8.getByTestId("step8-saved")).toContainText("AWS imports");

  // The live views' polls went to both instances.
  const polls = upstreamsFor("/api/runs/");
  expect(polls.length).toBeGreaterThan(2);
  expect(new Set(polls)).toEqual(new Set(deployPorts().instances.map(String)));

  // The details: without secrets, then with them after re-entering the password.
  await page.reload();
  const details = await openStep(page, 8);
  const [plain] = await Promise.all([page.waitForEvent("download"), details.getByTestId("details-json").click()]);
  const json = JSON.parse(fs.readFileSync((await plain.path())!, "utf8")) as { secretsIncluded: boolean; connection: { secretAccessKey: string | null } };
  expect(json.secretsIncluded).toBe(false);
  await details.getByTestId("input-password").fill(ADMIN.password);
  await details.getByTestId("select-format").selectOption("json");
  const grantPost = page.waitForRequest((r) => r.method() === "POST" && /\/api\/connections\/[^/]+\/details$/.test(new URL(r.url()).pathname));
  const [withSecrets] = await Promise.all([page.waitForEvent("download"), details.getByTestId("details-secrets-submit").click()]);
  const secretJson = JSON.parse(fs.readFileSync((await withSecrets.path())!, "utf8")) as { secretsIncluded: boolean; connection: { secretAccessKey: string | null } };
  expect(secretJson.secretsIncluded).toBe(true);
  expect(secretJson.connection.secretAccessKey?.length).toBeGreaterThanOrEqual(40);

  // The one-time grant is spent for every instance: replayed (round-robin, so on both), it is refused.
  const spent = await grantPost;
  const detailsPath = new URL(spent.url()).pathname;
  const replays = await page.evaluate(
    async ({ url, body }) => {
      const statuses: number[] = [];
      for (let i = 0; i < 2; i++) statuses.push((await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body })).status);
      return statuses;
    },
    { url: detailsPath, body: spent.postData() ?? "" },
  );
  expect(replays.every((status) => status >= 400 && status < 500), `replayed grant answered ${replays.join(", ")}`).toBe(true);
  expect(new Set(upstreamsFor(detailsPath))).toEqual(new Set(deployPorts().instances.map(String)));
});

test("what a proxy and a hostile client get wrong: foreign Host, missing X-Forwarded-Proto", async () => {
  const { nginx, instances } = deployPorts();
  // DNS rebinding through the proxy: a name that is not BEACONPORT_URL's host is refused.
  const foreign = await rawRequest(nginx, { host: "attacker.example" });
  expect(foreign.status).toBe(421);
  expect(foreign.body).toContain(`answers as ${DEPLOY_HOST}:${nginx} only`);
  const forwarded = await rawRequest(nginx, { host: DEPLOY_HOST, "x-forwarded-host": "attacker.example" });
  expect(forwarded.status).toBe(421);
  expect((await rawRequest(nginx, { host: DEPLOY_HOST })).status).toBe(200);

  // A proxy that forgets X-Forwarded-Proto (here: straight to instance 1): said once in the log and in the health probe.
  const before = (instanceLog(1).match(/deploy\.forwarded_proto_missing/g) ?? []).length;
  expect(before).toBe(0);
  for (let i = 0; i < 3; i++) expect((await rawRequest(instances[0], { host: DEPLOY_HOST }, "/login", false)).status).toBe(200);
  const probe = await rawRequest(instances[0], { host: "127.0.0.1" }, "/api/health", false);
  const body = JSON.parse(probe.body) as { warnings: string[] };
  expect(body.warnings.join(" ")).toContain("X-Forwarded-Proto");
  await expect.poll(() => (instanceLog(1).match(/deploy\.forwarded_proto_missing/g) ?? []).length).toBe(1);
  // The other instance saw only proper requests.
  expect(JSON.parse((await rawRequest(instances[1], { host: "127.0.0.1" }, "/api/health", false)).body)).toMatchObject({ warnings: [] });
});

test("an instance started with another encryption key refuses to start, naming the variable", async () => {
  test.setTimeout(120_000);
  const response = await fetch(`http://127.0.0.1:${deployPorts().control}/start-with-another-key`, { method: "POST" });
  const { code, output } = (await response.json()) as { code: number | null; output: string };
  expect(code).toBe(1);
  expect(output).toContain("BEACONPORT_ENCRYPTION_KEY does not match this database");
});

test("rolling upgrade: a page of the old build says 'Beaconport was updated — reload', then works on the new one", async ({ page }) => {
  expect(info().nextVersion, "DEPLOY_NEXT_DIR: npm test's deploy stage prepares the next version").toBe(true);
  test.setTimeout(240_000);
  await page.goto("/login");
  await page.getByTestId("input-email").fill(ADMIN.email);
  await page.getByTestId("input-password").fill(ADMIN.password);
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("current-user-name")).toHaveText(ADMIN.name);
  await page.goto("/connections/new");
  const oldBuild = (await health(page)).build;

  // Both instances move to the next version, one at a time, while this page stays open.
  const upgraded = await fetch(`http://127.0.0.1:${deployPorts().control}/upgrade`, { method: "POST" });
  expect(upgraded.status).toBe(200);
  const { build: newBuild } = (await upgraded.json()) as { build: string };
  expect(newBuild).not.toBe(oldBuild);

  // The old page's server action is unknown to the new build: the admin is told to reload, not "something failed".
  await page.getByTestId("mode-automated").check();
  await page.getByTestId("start-setup").click();
  await expect(page.getByTestId("stale-build")).toContainText("Beaconport was updated — reload");
  await expect(page.getByTestId("error-page")).toHaveCount(0);

  await page.getByTestId("stale-build-reload").click();
  await expect(page.getByTestId("start-setup")).toBeVisible();
  expect((await health(page)).build).toBe(newBuild);
  await page.getByTestId("mode-automated").check();
  await page.getByTestId("start-setup").click();
  await expect(page).toHaveURL(/\/connections\/[^/]+\/setup$/);
});
