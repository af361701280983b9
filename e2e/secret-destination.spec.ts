/**
 * Issue 11, item 8, in the browser: a proxy password stored for proxy A is never sent to proxy B. The
 * admin tests through A with its password, then points the connection at B leaving the password blank
 * ("stored"): B records every Proxy-Authorization it receives and never sees A's password.
 */
import { expect, test } from "@playwright/test";
import { seedConnection } from "./support/seed";
import { openStep, runConnectionTest } from "./support/setup-wizard";
import { signInAsAdmin } from "./support/users";
import { basicAuthorization, recordingProxy } from "../test/recording-proxy";

const EXTERNAL_ID = "beaconport-e2e-ext-dest-01";
const PROXY_USER = "beacon-proxy";
const PROXY_PASSWORD = "Stored-For-Proxy-A/e2e";
const BASIC_A = basicAuthorization(PROXY_USER, PROXY_PASSWORD);

const proxyA = recordingProxy(BASIC_A);
const proxyB = recordingProxy(null);

test.beforeAll(async () => {
  for (const p of [proxyA, proxyB]) await new Promise<void>((resolve) => p.server.listen(0, "127.0.0.1", resolve));
});
test.afterAll(async () => {
  for (const p of [proxyA, proxyB]) {
    p.server.closeAllConnections();
    await new Promise((resolve) => p.server.close(resolve));
  }
});

test("a proxy password stored for proxy A never reaches proxy B", async ({ page }) => {
  const seeded = seedConnection({ storeSecret: true, externalId: EXTERNAL_ID });
  await signInAsAdmin(page, `/connections/${seeded.connectionId}/setup`);
  let step8 = await openStep(page, 8);
  await step8.getByTestId("input-useProxy").check();
  await step8.getByTestId("input-proxyServer").fill(proxyA.address());
  await step8.getByTestId("input-proxyUsername").fill(PROXY_USER);
  await step8.getByTestId("input-proxyPassword").fill(PROXY_PASSWORD);
  expect(await runConnectionTest(step8)).toBe("succeeded");
  expect(proxyA.seen).toContain(BASIC_A);

  // A fresh page: the password field is blank (stored, never echoed). Only the server changes.
  await page.reload();
  step8 = await openStep(page, 8);
  await expect(step8.getByTestId("input-proxyPassword")).toHaveValue("");
  await step8.getByTestId("input-proxyServer").fill(proxyB.address());
  await runConnectionTest(step8);
  expect(proxyB.seen.length).toBeGreaterThan(0);
  const leaked = proxyB.seen.filter((h) => h !== undefined && Buffer.from(h.replace(/^Basic /i, ""), "base64").toString().includes(PROXY_PASSWORD));
  expect(leaked).toEqual([]);
});
