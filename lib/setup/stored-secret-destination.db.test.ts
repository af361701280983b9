/**
 * Issue 11, item 8: a stored secret only goes where it was stored for. Through the real save path
 * (updateConnectionSettings, updateWebhook) and the real senders (the connection test against the
 * sandbox through real proxies, webhook delivery to real receivers).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAwsClients, type AwsClients, type StaticCredentials } from "@/lib/aws/clients";
import { createAccessKey } from "@/lib/aws/operations/create-access-key";
import { runRollout } from "@/lib/aws/rollout";
import { EXTERNAL_ID, HOME, REGIONS, sandboxConnection, startTestSandbox, TARGETS, testModel } from "@/lib/aws/test-support";
import { resetEnvCache } from "@/lib/env";
import { deliverWebhook } from "@/lib/notify/deliver-webhook";
import { updateWebhook } from "@/lib/notify/update-webhook";
import { getRun, settleRuns } from "@/lib/runs";
import type { Sandbox } from "@/sandbox";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { startConnectionTest } from "./connection-test-run";
import { connectionSettingsSchema } from "@/lib/connections/settings";
import { loadConnectionSettings, updateConnectionSettings } from "@/lib/connections/settings-store";
import { asConnectionTestSummary } from "@/lib/connections/test-summary";
import { basicAuthorization, recordingProxy } from "@/test/recording-proxy";

const PROXY_USER = "beacon-proxy";
const PROXY_PASSWORD = "Stored-For-Proxy-A-9f3k";
const BASIC_A = basicAuthorization(PROXY_USER, PROXY_PASSWORD);

/** A webhook receiver that records the signature header of each delivery. */
function recordingReceiver() {
  const signatures: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    signatures.push(req.headers["x-beaconport-signature"] as string | undefined);
    req.resume();
    res.writeHead(204).end();
  });
  return { server, signatures, url: (path = "/hook") => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}` };
}

const proxyA = recordingProxy(BASIC_A);
const proxyB = recordingProxy(null);
const receiverA = recordingReceiver();
const receiverB = recordingReceiver();
const servers = [proxyA.server, proxyB.server, receiverA.server, receiverB.server];

let t: TestDatabase;
let sb: Sandbox;
let home: AwsClients;
let collector: StaticCredentials;
let connectionId: string;

beforeAll(async () => {
  for (const s of servers) await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  t = await useTestDatabase();
  sb = await startTestSandbox();
  process.env.AWS_ENDPOINT_URL = sb.endpoint;
  process.env.BEACONPORT_WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
  resetEnvCache();
  home = createAwsClients({ ...sandboxConnection(sb), credentials: sb.home });
  const rollout = await runRollout(testModel(), { home, targets: { kind: "assume" } }, { propagation: { windowMs: 3000, initialDelayMs: 20 } });
  expect(rollout.failedAccounts).toEqual([]);
  const key = await createAccessKey(home, { userName: testModel().names.user, waitUntilUsable: { windowMs: 3000, initialDelayMs: 20 } });
  if (key.status !== "created") throw new Error(key.reason);
  collector = key.credentials;
  const draft = { homeAccountId: HOME, targetAccountIds: TARGETS, externalId: EXTERNAL_ID, regions: REGIONS };
  const c = await t.db.connection.create({ data: { name: "Secrets stay home", model: JSON.stringify(draft), targets: { create: TARGETS.map((accountId) => ({ accountId })) } } });
  connectionId = c.id;
}, 60_000);

afterAll(async () => {
  await settleRuns();
  home?.destroy();
  await sb?.stop();
  delete process.env.AWS_ENDPOINT_URL;
  delete process.env.BEACONPORT_WEBHOOK_ALLOWED_HOSTS;
  resetEnvCache();
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
  await t.cleanup();
});

function settings(extra: Record<string, unknown> = {}) {
  return connectionSettingsSchema.parse({ connectionId, connectionName: "Secrets stay home", accessKeyId: collector.accessKeyId, externalId: EXTERNAL_ID, useProxy: "on", ...extra });
}

async function connectionTest(): Promise<boolean> {
  const { runId } = await startConnectionTest({ connectionId, userId: "u1" });
  await settleRuns();
  const summary = asConnectionTestSummary((await getRun(runId)).result);
  if (!summary) throw new Error("no summary");
  return summary.ok;
}

describe("a stored proxy password goes only to the proxy it was stored for", () => {
  it("is sent to proxy A, kept while server and username stay, and never sent to proxy B", async () => {
    await updateConnectionSettings(settings({ secretAccessKey: collector.secretAccessKey, proxyServer: proxyA.address(), proxyUsername: PROXY_USER, proxyPassword: PROXY_PASSWORD }));
    expect(await connectionTest()).toBe(true);
    expect(proxyA.seen).toContain(BASIC_A);

    // Same server, same username, blank password: kept (positive control).
    await updateConnectionSettings(settings({ proxyServer: proxyA.address(), proxyUsername: PROXY_USER }));
    expect((await loadConnectionSettings(connectionId)).proxy?.password).toBe(PROXY_PASSWORD);

    // Another proxy server, same username, blank password: forgotten, and B never sees it.
    await updateConnectionSettings(settings({ proxyServer: proxyB.address(), proxyUsername: PROXY_USER }));
    expect((await loadConnectionSettings(connectionId)).proxy).toEqual({ server: `http://${proxyB.address()}`, username: PROXY_USER });
    await connectionTest();
    expect(proxyB.seen.length).toBeGreaterThan(0);
    expect(proxyB.seen.filter((h) => h !== undefined && Buffer.from(h.replace(/^Basic /, ""), "base64").toString().includes(PROXY_PASSWORD))).toEqual([]);
    const raw = await t.db.connection.findUniqueOrThrow({ where: { id: connectionId }, omit: { proxyPasswordSealed: false } });
    expect(raw.proxyPasswordSealed).toBeNull();
  });

  it("is forgotten when the username changes, even on the same server", async () => {
    await updateConnectionSettings(settings({ proxyServer: proxyA.address(), proxyUsername: PROXY_USER, proxyPassword: PROXY_PASSWORD }));
    await updateConnectionSettings(settings({ proxyServer: proxyA.address(), proxyUsername: "someone-else" }));
    expect((await loadConnectionSettings(connectionId)).proxy).toEqual({ server: `http://${proxyA.address()}`, username: "someone-else" });
    // Back to the original username: the password does not come back by itself.
    await updateConnectionSettings(settings({ proxyServer: proxyA.address(), proxyUsername: PROXY_USER }));
    expect((await loadConnectionSettings(connectionId)).proxy?.password).toBeUndefined();
  });
});

describe("a stored webhook signing secret goes only to the receiver it was stored for", () => {
  const SECRET = "signing-secret-for-receiver-A";

  it("signs for receiver A, keeps the secret on A's origin, and drops it when the URL moves to B", async () => {
    const payload = () => ({ event: "webhook.test" as const, connection: { id: connectionId, name: "x", url: null }, failedAccounts: [], drift: [], at: new Date().toISOString() });
    await updateWebhook({ connectionId, webhookUrl: receiverA.url(), webhookSecret: SECRET, clearSecret: false });
    expect(await deliverWebhook(connectionId, payload())).toEqual({ ok: true, status: "HTTP 204" });
    // Another path on the same origin keeps it (positive control).
    await updateWebhook({ connectionId, webhookUrl: receiverA.url("/other"), clearSecret: false });
    await deliverWebhook(connectionId, payload());
    expect(receiverA.signatures).toHaveLength(2);
    expect(receiverA.signatures.every((s) => s?.startsWith("sha256="))).toBe(true);

    // Receiver B (another port: another origin), secret left blank: B gets an unsigned delivery.
    const moved = await updateWebhook({ connectionId, webhookUrl: receiverB.url(), clearSecret: false });
    expect(moved.after).toMatchObject({ signed: false });
    expect(await deliverWebhook(connectionId, payload())).toEqual({ ok: true, status: "HTTP 204" });
    expect(receiverB.signatures).toEqual([undefined]);
  });
});
