import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { DEPLOY_HOST, deployPorts } from "./e2e/deploy/ports";
import { CHROMIUM, CHROMIUM_ARGS } from "./e2e/support/browser";

/**
 * The deployment test (`npm test`'s deploy stage): Chromium → nginx with TLS → two `npm start`
 * instances on one PostgreSQL database (e2e/deploy/serve.ts). DATABASE_URL (a throwaway cluster) and
 * DEPLOY_NEXT_DIR (a copy of the project with its own build, for the rolling upgrade) come from the stage.
 */
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "bp-e2e-deploy-"));
const dataDir = process.env.E2E_DATA_DIR;
const ports = deployPorts();

export default defineConfig({
  testDir: "e2e/deploy",
  outputDir: "e2e/artifacts/deploy-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL: `https://${DEPLOY_HOST}:${ports.nginx}`,
    // The deploy stage's own CA-less certificate for beaconport.test; everything else about TLS is real.
    ignoreHTTPSErrors: true,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${DEPLOY_HOST} 127.0.0.1`],
    },
  },
  webServer: {
    command: `sh -c './node_modules/.bin/tsx e2e/deploy/serve.ts 2>&1 | tee -a "${path.join(dataDir, "serve.log")}"'`,
    url: `http://127.0.0.1:${ports.control}/info`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
    env: { E2E_DATA_DIR: dataDir },
  },
});
