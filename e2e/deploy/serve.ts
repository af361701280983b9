/**
 * The production shape, on one machine (`npm test`'s deploy stage, playwright.deploy.config.ts):
 *
 *   Chromium ──https──▶ nginx (deploy/nginx/beaconport.conf.template, TLS, round-robin)
 *                          ├──▶ instance 1: `npm start -- --no-build` ─┐
 *                          └──▶ instance 2: `npm start -- --no-build` ─┴──▶ one PostgreSQL database
 *                                                                     └──▶ the AWS sandbox
 *
 * Both instances run the one build in this work tree (started through scripts/start.ts, which must not
 * rebuild) with the same AUTH_SECRET and BEACONPORT_ENCRYPTION_KEY but separate data dirs, so nothing
 * is shared through files. A control endpoint lets the spec roll the instances, one at a time, onto
 * the "next version" (DEPLOY_NEXT_DIR: a copy of the project with its own build).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { generate } from "selfsigned";
import { migrateDeploy, ROOT } from "../../scripts/lib/prisma-cli";
import { waitForHealth, type HealthBody } from "../../scripts/lib/wait-for-health";
import { startSandbox } from "../../sandbox";
import { deployPorts, DEPLOY_HOST, type DeployInfo } from "./ports";

const databaseUrl = process.env.DATABASE_URL ?? "";
if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error("e2e/deploy/serve.ts needs DATABASE_URL=postgresql://… (npm test's deploy stage starts a cluster)");
if (!process.env.E2E_DATA_DIR) throw new Error("E2E_DATA_DIR is not set (playwright.deploy.config.ts sets it)");
const dataDir: string = process.env.E2E_DATA_DIR;
fs.mkdirSync(dataDir, { recursive: true });
const ports = deployPorts();
const publicUrl = `https://${DEPLOY_HOST}:${ports.nginx}`;
const nextDir = process.env.DEPLOY_NEXT_DIR ?? null;

migrateDeploy(databaseUrl);
const sandbox = await startSandbox({ port: 0, https: false });
fs.writeFileSync(path.join(dataDir, "sandbox.json"), JSON.stringify({ endpoint: sandbox.endpoint, controlUrl: sandbox.controlUrl, home: sandbox.home, accounts: sandbox.accounts }, null, 2));

// A certificate for the public name (Chromium maps it to 127.0.0.1 and is told to accept the test CA).
const tlsDir = path.join(dataDir, "tls");
fs.mkdirSync(tlsDir, { recursive: true });
const cert = await generate([{ name: "commonName", value: DEPLOY_HOST }], {
  keyType: "ec",
  algorithm: "sha256",
  extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: DEPLOY_HOST }] }],
});
fs.writeFileSync(path.join(tlsDir, "cert.pem"), cert.cert);
fs.writeFileSync(path.join(tlsDir, "key.pem"), cert.private, { mode: 0o600 });

// Shared by every instance through the environment only, as an operator's deployment tool would.
const shared = {
  DATABASE_URL: databaseUrl,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  BEACONPORT_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
  BEACONPORT_URL: publicUrl,
  // nginx reaches the instances over loopback and overwrites X-Forwarded-For with $remote_addr.
  BEACONPORT_TRUSTED_PROXIES: "127.0.0.1/32, ::1/128",
  AWS_ENDPOINT_URL: sandbox.endpoint,
  BEACONPORT_LOG_LEVEL: "info",
  NEXT_TELEMETRY_DISABLED: "1",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

const instances: (ChildProcess | null)[] = [null, null];

function startInstance(index: 0 | 1, appRoot: string): ChildProcess {
  const instanceDir = path.join(dataDir, `instance-${index + 1}`);
  fs.mkdirSync(instanceDir, { recursive: true });
  const log = fs.openSync(path.join(dataDir, `instance-${index + 1}.log`), "a");
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(appRoot, "scripts/start.ts"), "--no-build"], {
    cwd: appRoot,
    stdio: ["ignore", log, log],
    env: { ...process.env, ...shared, HOST: "127.0.0.1", PORT: String(ports.instances[index]), BEACONPORT_DATA_DIR: instanceDir },
  });
  instances[index] = child;
  return child;
}

function waitHealthy(index: 0 | 1, build?: string): Promise<HealthBody> {
  return waitForHealth({
    baseUrl: `http://127.0.0.1:${ports.instances[index]}`,
    timeoutMs: 120_000,
    label: `instance ${index + 1} (port ${ports.instances[index]}${build ? `, build ${build}` : ""})`,
    child: instances[index] ?? undefined,
    accept: (h) => h.status === "ok" && (!build || h.build === build),
  });
}

function stopInstance(index: 0 | 1): Promise<void> {
  const child = instances[index];
  instances[index] = null;
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

// A source file newer than the build: the old mtime check rebuilt here; the content check must not.
const now = new Date();
fs.utimesSync(path.join(ROOT, "app/layout.tsx"), now, now);
startInstance(0, ROOT);
startInstance(1, ROOT);
try {
  await Promise.all([waitHealthy(0), waitHealthy(1)]);
} catch (error) {
  // One instance did not come up: stop the other too, or it outlives this run and holds its port for the next.
  await Promise.all([stopInstance(0), stopInstance(1)]);
  throw error;
}

// nginx in the foreground with the documented configuration (never as a system service).
const nginxDir = path.join(dataDir, "nginx");
fs.mkdirSync(path.join(nginxDir, "logs"), { recursive: true });
const site = fs
  .readFileSync(path.join(ROOT, "deploy/nginx/beaconport.conf.template"), "utf8")
  .replace(/\$\{BEACONPORT_([A-Z0-9_]+)\}/g, (whole, name: string) => {
    const values: Record<string, string> = {
      INSTANCE_1: `127.0.0.1:${ports.instances[0]}`,
      INSTANCE_2: `127.0.0.1:${ports.instances[1]}`,
      LISTEN: `127.0.0.1:${ports.nginx}`,
      SERVER_NAME: DEPLOY_HOST,
      TLS_CERT: path.join(tlsDir, "cert.pem"),
      TLS_KEY: path.join(tlsDir, "key.pem"),
    };
    const value = values[name];
    if (value === undefined) throw new Error(`the nginx template names an unknown placeholder ${whole}`);
    return value;
  });
fs.writeFileSync(path.join(nginxDir, "beaconport.conf"), site);
fs.writeFileSync(
  path.join(nginxDir, "nginx.conf"),
  [
    "worker_processes 1;",
    "daemon off;",
    "pid nginx.pid;",
    "error_log logs/error.log warn;",
    "events { worker_connections 256; }",
    "http {",
    "  log_format upstream '$request_method $uri $status upstream=$upstream_addr';",
    "  access_log logs/access.log upstream;",
    "  client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fastcgi; uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;",
    "  include beaconport.conf;",
    "}",
    "",
  ].join("\n"),
);
fs.mkdirSync(path.join(nginxDir, "tmp"), { recursive: true });
// As root, nginx's workers run as `nobody`: they write temp files and read nothing else of ours.
fs.chmodSync(path.join(nginxDir, "tmp"), 0o777);
const nginxBin = ["/usr/sbin/nginx", "/usr/local/sbin/nginx"].find((p) => fs.existsSync(p)) ?? "nginx";
const check = spawnSync(nginxBin, ["-t", "-p", nginxDir, "-c", "nginx.conf"], { encoding: "utf8" });
if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);
const nginx = spawn(nginxBin, ["-p", nginxDir, "-c", "nginx.conf"], { stdio: ["ignore", "inherit", "inherit"] });

// The spec's control endpoint: where things are, and the rolling upgrade.
const info: DeployInfo = { publicUrl, instances: ports.instances, nginxAccessLog: path.join(nginxDir, "logs/access.log"), dataDir, nextVersion: nextDir !== null };
const control = http.createServer((req, res) => {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (req.method === "GET" && req.url === "/info") return reply(200, info);
  if (req.method === "POST" && req.url === "/upgrade") {
    if (!nextDir) return reply(409, { error: "no DEPLOY_NEXT_DIR: the deploy stage prepares the next version" });
    void (async () => {
      const build = (JSON.parse(fs.readFileSync(path.join(nextDir, ".next/beaconport-build.json"), "utf8")) as { deploymentId: string }).deploymentId;
      // Rolling: one instance at a time, the other keeps serving.
      for (const index of [0, 1] as const) {
        await stopInstance(index);
        startInstance(index, nextDir);
        await waitHealthy(index, build);
      }
      reply(200, { build });
    })().catch((error: unknown) => reply(500, { error: String(error) }));
    return;
  }
  if (req.method === "POST" && req.url === "/start-with-another-key") {
    // A third instance whose BEACONPORT_ENCRYPTION_KEY differs: it must refuse to start, naming the variable.
    const output: Buffer[] = [];
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "scripts/start.ts"), "--no-build"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...shared, BEACONPORT_ENCRYPTION_KEY: randomBytes(32).toString("hex"), HOST: "127.0.0.1", PORT: String(ports.control + 1), BEACONPORT_DATA_DIR: path.join(dataDir, "instance-3") },
    });
    child.stdout.on("data", (c: Buffer) => output.push(c));
    child.stderr.on("data", (c: Buffer) => output.push(c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reply(200, { code, signal, output: Buffer.concat(output).toString("utf8") });
    });
    return;
  }
  reply(404, { error: "not found" });
});
await new Promise<void>((resolve) => control.listen(ports.control, "127.0.0.1", resolve));
fs.writeFileSync(path.join(dataDir, "deploy.json"), JSON.stringify(info, null, 2));
console.log(`[deploy] ${publicUrl} → instances ${ports.instances.join(", ")}; control http://127.0.0.1:${ports.control}`);

let stopping = false;
async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  nginx.kill("SIGQUIT");
  await Promise.all([stopInstance(0), stopInstance(1)]);
  control.close();
  await sandbox.stop();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stopAll(0));
nginx.on("exit", (code) => {
  if (!stopping) {
    console.error(`[deploy] nginx exited (${code})`);
    void stopAll(1);
  }
});
