/**
 * The per-connection webhook in the browser: a local receiver (node:http, port 0) is saved as the URL
 * on the manage page; "Send test" delivers the documented JSON payload with a valid
 * x-beaconport-signature HMAC of the exact body and the page shows the delivery; a loopback or metadata
 * URL the operator did not allow is refused at save time; an unreachable URL gives a clear error; and a scheduled run ("Run now") that finds a failing account notifies the
 * receiver with that account.
 */
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { adminIamOf, saveConnection } from "./support/saved-connection";
import { seedConnection } from "./support/seed";
import { signInAsAdmin } from "./support/users";

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on a free local port that records every request and answers 200. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/beaconport`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A local port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function expectSigned(request: Received, secret: string): void {
  expect(request.headers["content-type"]).toBe("application/json");
  expect(request.headers["x-beaconport-signature"]).toBe(`sha256=${createHmac("sha256", secret).update(request.body).digest("hex")}`);
}

async function saveWebhook(page: Page, url: string, secret?: string): Promise<void> {
  await page.getByLabel("Webhook URL (blank: none)").fill(url);
  if (secret) await page.getByLabel(/^Signing secret/).fill(secret);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("webhook-saved")).toBeVisible();
}

test("webhook: a signed test delivery, a clear error when unreachable, and a scheduled failure notified with its account", async ({ page }) => {
  test.setTimeout(150_000);
  const receiver = await startReceiver();
  const secret = `e2e-webhook-secret-${Date.now()}`;
  const name = `Webhook ${Date.now()}`;
  const seeded = seedConnection({ storeSecret: true, externalId: "e2e-webhook-external-id-01", targets: ["222222222222", "333333333333"], connectionName: name });
  saveConnection(seeded.connectionId);
  try {
    await signInAsAdmin(page, `/connections/${seeded.connectionId}/manage`);
    await saveWebhook(page, receiver.url, secret);

    // Send test: the documented payload, signed over the exact body; the page shows the delivery.
    await page.getByRole("button", { name: "Send test" }).click();
    await expect(page.getByTestId("webhook-test-ok")).toContainText("Delivered: HTTP 200");
    expect(receiver.received).toHaveLength(1);
    const test1 = receiver.received[0]!;
    expect(test1.method).toBe("POST");
    expect(test1.url).toBe("/hooks/beaconport");
    expectSigned(test1, secret);
    expect(test1.headers["x-beaconport-event"]).toBe("webhook.test");
    const payload = JSON.parse(test1.body) as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual(["at", "connection", "drift", "event", "failedAccounts"]);
    expect(payload).toMatchObject({ event: "webhook.test", connection: { id: seeded.connectionId, name, url: `/connections/${seeded.connectionId}/manage` }, failedAccounts: [], drift: [] });
    expect(Date.now() - Date.parse(payload.at as string)).toBeLessThan(60_000);
    await page.reload();
    await expect(page.getByText(/Last delivery: delivered \(webhook\.test\): HTTP 200/)).toBeVisible();

    // An internal address the operator did not allow (localhost is not 127.0.0.1 on the allow list):
    // refused when saved, with the reason under the field, and nothing reaches it.
    await page.getByLabel("Webhook URL (blank: none)").fill(receiver.url.replace("127.0.0.1", "localhost"));
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("webhook-error")).toContainText("Not allowed: this URL points at a loopback address");
    await page.getByLabel("Webhook URL (blank: none)").fill("http://[::ffff:169.254.169.254]/latest/meta-data/");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("webhook-error")).toContainText("cloud metadata address");
    expect(receiver.received).toHaveLength(1);

    // An unreachable receiver: only the status class, no stack trace or internal detail (not even refused vs. timed out).
    await saveWebhook(page, `http://127.0.0.1:${await closedPort()}/hooks/beaconport`);
    await page.getByRole("button", { name: "Send test" }).click();
    const error = page.getByTestId("webhook-test-error");
    await expect(error).toContainText("The receiver did not accept the test: unreachable");
    await expect(error).toContainText("Check the URL");
    const text = (await error.textContent()) ?? "";
    expect(text).not.toMatch(/\bat \S+:\d+|TypeError|fetch failed|ECONNREFUSED|node:/);
    expect(receiver.received).toHaveLength(1);

    // Back to the receiver: the secret was stored for it, but the URL went elsewhere in between, so it
    // was dropped (a secret only goes where it was stored for) and is entered again. Then break account
    // 333333333333: the role now trusts another account, so the collector can no longer assume it.
    await saveWebhook(page, receiver.url, secret);
    const iam = await adminIamOf("333333333333");
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: seeded.names.role, PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" }] }) }));
    iam.destroy();

    await page.goto("/schedule");
    await page.getByTestId("run-now").click();
    await expect(page.getByTestId("run-now-progress")).toHaveAttribute("data-status", /succeeded|partial|failed/, { timeout: 90_000 });
    await expect(page.getByTestId(`scheduled-status-${seeded.connectionId}`)).toHaveText("failed");
    await expect.poll(() => receiver.received.length).toBe(2);
    const failure = receiver.received[1]!;
    expectSigned(failure, secret);
    expect(failure.headers["x-beaconport-event"]).toBe("scheduled-test.failed");
    const event = JSON.parse(failure.body) as { event: string; connection: { id: string }; failedAccounts: { accountId: string; reason: string | null }[] };
    expect(event.event).toBe("scheduled-test.failed");
    expect(event.connection.id).toBe(seeded.connectionId);
    expect(event.failedAccounts.map((a) => a.accountId)).toEqual(["333333333333"]);
    expect(event.failedAccounts[0]!.reason).toBeTruthy();
    await expect(page.getByTestId(`schedule-webhook-${seeded.connectionId}`)).toContainText("delivered (scheduled-test.failed): HTTP 200");
  } finally {
    await receiver.close();
  }
});
