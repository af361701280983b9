import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy } from "proxy";
import { generateOrganization, type Sandbox } from "@/sandbox";
import { PROXY_SOCKETS_PER_HOST, type AwsClients, type StaticCredentials } from "./clients";
import { runConnectionTest } from "./connection-test";
import { createAccessKey } from "./operations/create-access-key";
import { runRollout } from "./rollout";
import { EXTERNAL_ID, HOME, REGIONS, sandboxConnection, startSandboxHome, testModel, type SandboxHome } from "./test-support";

/**
 * Issue 12, item 4: AWS calls through the configured proxy keep their connections to it alive and reuse
 * them — CONNECT tunnels for https endpoints, proxy connections for plain http — so a 100-account
 * connection test opens at most (distinct hosts × concurrency) of them, not one per call.
 * Counted at a real forwarding proxy in front of the sandbox.
 */
const ACCOUNTS = 100;
const CONCURRENCY = PROXY_SOCKETS_PER_HOST;
let world: SandboxHome;
let sb: Sandbox;
let home: AwsClients;
let collector: StaticCredentials;
let targets: string[];
const proxy = createProxy(http.createServer());
const counts = { tunnels: 0, connections: 0, plainRequests: 0 };
proxy.on("connect", () => counts.tunnels++);
proxy.on("connection", () => counts.connections++);
proxy.on("request", () => counts.plainRequests++);
let proxyUrl = "";

beforeAll(async () => {
  world = await startSandboxHome({ https: true, fixture: generateOrganization({ members: ACCOUNTS, seed: 12 }) });
  ({ sb, home } = world);
  targets = sb.accounts.filter((a) => a.accountId !== HOME).map((a) => a.accountId);
  expect(targets).toHaveLength(ACCOUNTS);
  const model = testModel({ targetAccountIds: targets });
  const rollout = await runRollout(model, { home, targets: { kind: "assume" } }, { propagation: { windowMs: 3000, initialDelayMs: 20 } });
  expect(rollout.failedAccounts).toEqual([]);
  const key = await createAccessKey(home, { userName: model.names.user, waitUntilUsable: { windowMs: 3000, initialDelayMs: 20 } });
  if (key.status !== "created") throw new Error(key.reason);
  collector = key.credentials;
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((r) => proxy.close(r));
  await world.stop();
});

async function testThroughProxy(connection: Parameters<typeof sandboxConnection>[1]) {
  for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] = 0;
  await sb.control.clearRequests();
  const result = await runConnectionTest({
    credentials: collector,
    externalId: EXTERNAL_ID,
    // One region keeps it quick; the calls still outnumber the bound many times over.
    regions: REGIONS.slice(0, 1),
    expectedAccountIds: targets,
    concurrency: CONCURRENCY,
    connection: sandboxConnection(sb, { proxy: { server: proxyUrl }, ...connection }),
  });
  expect(result.ok).toBe(true);
  return { calls: (await sb.control.requests()).length };
}

// A 100-account test through a proxy takes a few seconds alone, more while the other worker is busy.
describe("proxy connections are reused", { timeout: 120_000 }, () => {
  it("https endpoint: CONNECT tunnels ≤ hosts × concurrency for a 100-account connection test", async () => {
    // One host (the sandbox's endpoint stands in for every service and region); localhost: the certificate's name.
    const endpoint = sb.httpsEndpoint!.replace("127.0.0.1", "localhost");
    const { calls } = await testThroughProxy({ endpoint, caPem: readFileSync(sb.caFile!, "utf8") });
    console.log(`https via proxy: ${calls} calls, ${counts.tunnels} CONNECT tunnels`);
    expect(calls).toBeGreaterThan(ACCOUNTS * 4);
    expect(counts.tunnels).toBeGreaterThan(0);
    expect(counts.tunnels).toBeLessThanOrEqual(1 * CONCURRENCY);
  });

  it("plain http endpoint: connections to the proxy ≤ hosts × concurrency", async () => {
    const { calls } = await testThroughProxy({});
    console.log(`http via proxy: ${calls} calls, ${counts.plainRequests} forwarded requests on ${counts.connections} connections`);
    expect(counts.plainRequests).toBe(calls);
    expect(counts.connections).toBeGreaterThan(0);
    expect(counts.connections).toBeLessThanOrEqual(1 * CONCURRENCY);
  });
});
