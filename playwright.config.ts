import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM, CHROMIUM_ARGS } from "./e2e/support/browser";
import { PORTAL_TEST_ENV } from "./e2e/support/portal";

/**
 * Browser tests in Debian's Chromium against `next start` on a dedicated port, with a fresh database in
 * a temp data dir (never the user's data/). The runner computes the paths once and passes them to its
 * workers through the environment; e2e/serve.ts migrates the database (and is where later issues start
 * the AWS sandbox) before starting Next.
 *
 * Two databases (scripts/test.ts runs this config twice on one build, at the same time, on ports 3217 and 3218):
 * - SQLite (default): projects `first-run` and `app`, every spec, on <data dir>/e2e.db.
 * - PostgreSQL, when E2E_DATABASE_URL names this run's throwaway database (bp_e2e_… on a loopback
 *   address, created by scripts/test.ts in its throwaway cluster): projects `pg-first-run` and `pg-app`,
 *   the specs that write through the app (PG_SPECS below), with the web server on that database.
 */
const port = Number(process.env.E2E_PORT ?? 3217);
process.env.E2E_PORT = String(port);
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "bp-e2e-"));
const dataDir = process.env.E2E_DATA_DIR;
export const E2E_BASE_URL = `http://127.0.0.1:${port}`;
const pgUrl = process.env.E2E_DATABASE_URL || "";
if (pgUrl && !/^postgres(ql)?:\/\//.test(pgUrl)) throw new Error("E2E_DATABASE_URL must be a postgresql:// URL (leave it unset for SQLite)");

/**
 * On PostgreSQL: the journeys that write (setup, operate, drift, schedule, audit, users, dashboard
 * seeding/search/sort/filter, authorization, secrets), where the provider's SQL differs (ranges, case,
 * ordering, timestamps, booleans, transactions). SQLite-only: auth (sign-in screens; its rate-limit and
 * session writes are covered on PostgreSQL by the *.db.test.ts files), connection-navigation, shell and
 * reviewer-masking (rendering and masking of what other specs wrote), notify-webhook (HTTP delivery, the
 * database part is the same claim as schedule-run-now), sso (the provider round trip; just-in-time users,
 * roles, refusals and session rules run on PostgreSQL in lib/auth/sso-sign-in.db.test.ts): they add time,
 * not database coverage.
 */
const PG_SPECS = /(first-run|setup-[a-z-]+|operate-[a-z-]+|drift(-[a-z-]+)?|schedule-run-now|audit|users|dashboard|authorization|secrets)\.spec\.ts$/;
const FIRST_RUN = /first-run\.spec\.ts/;

export default defineConfig({
  testDir: "e2e",
  // e2e/deploy/ runs in its own shape (nginx + two instances): playwright.deploy.config.ts.
  testIgnore: /\/deploy\//,
  // One folder per database: the two runs may go at the same time, and each cleans its own at start.
  outputDir: pgUrl ? "e2e/artifacts/results-pg" : "e2e/artifacts/results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { outputFolder: pgUrl ? "e2e/artifacts/report-pg" : "e2e/artifacts/report", open: "never" }]],
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL: E2E_BASE_URL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    },
  },
  projects: pgUrl
    ? [
        { name: "pg-first-run", testMatch: FIRST_RUN },
        { name: "pg-app", testMatch: PG_SPECS, testIgnore: FIRST_RUN, dependencies: ["pg-first-run"] },
      ]
    : [
        { name: "first-run", testMatch: FIRST_RUN },
        { name: "app", testIgnore: [FIRST_RUN, /\/deploy\//], dependencies: ["first-run"] },
      ],
  webServer: {
    // Everything the server prints also goes to <data dir>/server.log: secrets.spec.ts searches it for planted secrets.
    command: `sh -c './node_modules/.bin/tsx e2e/serve.ts 2>&1 | tee -a "${path.join(dataDir, "server.log")}"'`,
    url: `${E2E_BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      BEACONPORT_DATA_DIR: dataDir,
      DATABASE_URL: pgUrl || `file:${path.join(dataDir, "e2e.db")}`,
      // AUTH_SECRET, log level, telemetry off, loopback webhooks (shared with the specs' extra portals).
      ...PORTAL_TEST_ENV,
    },
  },
});
