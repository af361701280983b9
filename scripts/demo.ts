/**
 * `npm run demo`: Beaconport and the AWS sandbox together, pointed at each other, with an administrator
 * already created, so someone evaluating Beaconport walks the whole procedure in minutes with nothing
 * to configure and no AWS account. Runs only when asked; never touches the real data:
 *   - its own data dir (default data/demo/, emptied at every start: a demo is throwaway) and SQLite file;
 *   - DATABASE_URL, AWS_ENDPOINT_URL and the data dir of the environment are ignored;
 *   - the sandbox (sandbox/, in this process) listens on loopback only, on a free port.
 * Prints the portal's address, the administrator's one-time password (changed at first sign-in) and the
 * sandbox's home-account keys to paste in step 1. Ctrl-C stops both.
 *
 *   npm run demo [-- --port 3000] [--host 127.0.0.1] [--data-dir data/demo] [--no-build]
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startSandbox } from "../sandbox";
import { migrateDeploy, ROOT } from "./lib/prisma-cli";
import { waitForHealth } from "./lib/wait-for-health";

const USAGE = "Usage: npm run demo [-- --port N] [--host ADDR] [--data-dir DIR] [--no-build (refuse a stale build instead of building)]";
const { values } = parseArgs({
  options: { port: { type: "string" }, host: { type: "string" }, "data-dir": { type: "string" }, "no-build": { type: "boolean" }, help: { type: "boolean" } },
  strict: true,
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`--port must be a port number\n${USAGE}`);
  process.exit(2);
}
const host = values.host ?? "127.0.0.1";
const dataDir = path.resolve(ROOT, values["data-dir"] ?? "data/demo");
const say = (line: string) => console.log(`[demo] ${line}`);

// Never point the demo at a real database or data dir by mistake: a folder that is not a demo's is refused.
const MARKER = ".beaconport-demo";
if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0 && !fs.existsSync(path.join(dataDir, MARKER))) {
  console.error(`[demo] ${dataDir} exists and is not a demo's data dir (no ${MARKER}); pick another --data-dir`);
  process.exit(2);
}
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
fs.writeFileSync(path.join(dataDir, MARKER), "Throwaway data of `npm run demo`: emptied at every start.\n");

const sandbox = await startSandbox({ port: 0, https: false });
const databaseUrl = `file:${path.join(dataDir, "demo.db")}`;
const portalEnv: NodeJS.ProcessEnv = {
  ...process.env,
  BEACONPORT_DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
  AWS_ENDPOINT_URL: sandbox.endpoint,
  HOST: host,
  PORT: String(port),
};
// The demo's own secrets (generated into its data dir) and loopback origin, whatever this shell has set.
for (const name of Object.keys(portalEnv)) {
  if (name.startsWith("AWS_ENDPOINT_URL_") || ["BEACONPORT_URL", "AUTH_URL", "AUTH_SECRET", "BEACONPORT_ENCRYPTION_KEY"].includes(name)) delete portalEnv[name];
}
process.env = portalEnv;

say("preparing the demo database ...");
migrateDeploy(databaseUrl);
const { seedDemoAdministrator } = await import("./lib/demo-seed");
const admin = await seedDemoAdministrator();

const portal = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/start.ts"), ...(values["no-build"] ? ["--no-build"] : [])], { cwd: ROOT, env: portalEnv, stdio: ["ignore", "pipe", "inherit"] });
let announced = false;
portal.stdout.setEncoding("utf8");
portal.stdout.on("data", (chunk: string) => {
  process.stdout.write(chunk);
  if (!announced && chunk.includes("starting on http://")) {
    announced = true;
    const base = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    void waitForHealth({ baseUrl: base, timeoutMs: 60_000, intervalMs: 500, child: portal }).then(
      () => announce(base),
      (error: Error) => say(`the portal did not answer: ${error.message}`),
    );
  }
});

function announce(base: string): void {
  const targets = sandbox.accounts.filter((a) => a.accountId !== sandbox.home.accountId);
  console.log(
    [
      "",
      "================================ Beaconport demo ================================",
      `Open ${base} and sign in:`,
      `  email     ${admin.email}`,
      `  password  ${admin.password}   (one-time: you choose your own at first sign-in)`,
      "",
      "The AWS sandbox stands in for AWS. In New connection → step 1, paste the home account's keys:",
      `  account            ${sandbox.home.accountId}`,
      `  access key ID      ${sandbox.home.accessKeyId}`,
      `  secret access key  ${sandbox.home.secretAccessKey}`,
      `Target accounts for step 2 (reachable through OrganizationAccountAccessRole): ${targets.map((a) => a.accountId).join(", ")}`,
      "",
      "Then follow the steps: plan and run the rollout, store the collector's key, test the connection as the",
      "beacon will, save it and download the beacon's connection details. Nothing leaves this machine.",
      `Demo data: ${dataDir} (emptied at the next start). Ctrl-C stops the portal and the sandbox.`,
      "=================================================================================",
      "",
    ].join("\n"),
  );
}

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  portal.kill("SIGTERM");
  await sandbox.stop();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));
portal.on("exit", (code) => void stop(code ?? 0));
