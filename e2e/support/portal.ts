/**
 * The portal as the e2e web server runs it (scripts/server.mjs on the build, the run's database and data
 * dir), and a second instance of it that a spec starts for itself when it needs other configuration
 * (e.g. the SSO spec's short session lifetimes): another instance of the same install, as in production
 * behind a load balancer. Its output goes to the run's server.log too, which secrets.spec.ts searches.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { waitForHealth } from "../../scripts/lib/wait-for-health";
import { e2eDatabaseUrl } from "./e2e-database";
import { sandboxInfo } from "./sandbox";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** What every e2e portal runs with besides its port, database and data dir (playwright.config.ts passes it to the web server). */
export const PORTAL_TEST_ENV = {
  AUTH_SECRET: "e2e-only-auth-secret-not-for-production-000000",
  // info (not warn): the secrets spec searches the log, so the log should say as much as production would.
  BEACONPORT_LOG_LEVEL: "info",
  NEXT_TELEMETRY_DISABLED: "1",
  // The specs' webhook receivers listen on loopback, which webhooks may reach only when the operator allows it.
  BEACONPORT_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
} as const;

export interface ExtraPortal {
  baseURL: string;
  stop(): Promise<void>;
}

/**
 * Starts another portal on `port` with the web server's configuration plus `env`, on the same build,
 * database and data dir, and waits until it answers /api/health. It runs no scheduler (the first instance does).
 */
export async function startExtraPortal(port: number, env: Record<string, string>): Promise<ExtraPortal> {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) throw new Error("E2E_DATA_DIR is not set (playwright.config.ts sets it)");
  const appDir = process.env.E2E_APP_DIR ?? ROOT;
  const log = fs.openSync(path.join(dataDir, "server.log"), "a");
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/server.mjs"), appDir, "127.0.0.1", String(port)], {
    cwd: appDir,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      ...PORTAL_TEST_ENV,
      PORT: String(port),
      HOST: "127.0.0.1",
      BEACONPORT_DATA_DIR: dataDir,
      DATABASE_URL: e2eDatabaseUrl(),
      AWS_ENDPOINT_URL: sandboxInfo().endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      BEACONPORT_SCHEDULER_TICK_SECONDS: "off",
      ...env,
    },
  });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth({ baseUrl: baseURL, timeoutMs: 60_000, label: "the extra portal", child });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message} (see server.log in ${dataDir})`);
  }
  return { baseURL, stop };
}
