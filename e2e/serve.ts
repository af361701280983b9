/**
 * Playwright's web server: migrate the fresh e2e database, then run the production build with
 * scripts/server.mjs (what `npm start` runs). Later issues start the AWS sandbox here too and pass its endpoint in the environment.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { migrateDeploy, ROOT } from "../scripts/lib/prisma-cli";
import { startSandbox } from "../sandbox";
import { oidcPortalEnv, startTestIdp } from "./support/oidc-idp";

// The node24 stage of npm test names the Node.js it means to test: never pass on another one by mistake.
const expectedNode = process.env.E2E_EXPECT_NODE;
if (expectedNode && process.version !== `v${expectedNode}`) throw new Error(`e2e/serve.ts runs on Node.js ${process.version}, expected ${expectedNode}`);

const url = process.env.DATABASE_URL;
if (!url) throw new Error("e2e/serve.ts needs DATABASE_URL (set by playwright.config.ts)");
migrateDeploy(url);

// The AWS sandbox lives in this process (Playwright starts the web server before any global setup, and
// the sandbox must be up before Next): the portal reaches it through AWS_ENDPOINT_URL, and specs read
// its endpoint, control URL and credentials from sandbox.json in the run's data dir (e2e/support/sandbox.ts).
const sandbox = await startSandbox({ port: 0, https: false });
const dataDir = process.env.E2E_DATA_DIR ?? process.env.BEACONPORT_DATA_DIR;
if (dataDir) {
  fs.mkdirSync(dataDir, { recursive: true });
  const { endpoint, controlUrl, home, accounts } = sandbox;
  fs.writeFileSync(path.join(dataDir, "sandbox.json"), JSON.stringify({ endpoint, controlUrl, home, accounts }, null, 2));
}

// The single sign-on specs' OpenID provider (e2e/support/oidc-idp.ts), also in this process and up before
// Next: every spec runs with SSO configured (the password specs then also prove it takes nothing away).
const portalPort = process.env.PORT ?? "3217";
const idp = await startTestIdp({ redirectUris: [`http://127.0.0.1:${portalPort}/api/auth/callback/oidc`, `http://localhost:${portalPort}/api/auth/callback/oidc`] });
if (dataDir) fs.writeFileSync(path.join(dataDir, "oidc.json"), JSON.stringify({ issuer: idp.issuer, controlUrl: idp.controlUrl }, null, 2));
const oidcEnv = oidcPortalEnv(idp);

// E2E_APP_DIR: a private copy of the build (symlinks to this project plus its own .next), so a spec run
// is not disturbed when someone rebuilds .next in the shared work tree meanwhile.
const appDir = process.env.E2E_APP_DIR ?? ROOT;
// The same server `npm start` runs (scripts/server.mjs), so specs see the socket's peer as production does.
const server = spawn(process.execPath, [path.join(ROOT, "scripts/server.mjs"), appDir, process.env.HOST ?? "127.0.0.1", portalPort], {
  cwd: appDir,
  stdio: "inherit",
  env: { ...process.env, ...oidcEnv, NEXT_TELEMETRY_DISABLED: "1", AWS_ENDPOINT_URL: sandbox.endpoint, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => {
  void Promise.allSettled([sandbox.stop(), idp.stop()]).finally(() => process.exit(code ?? 0));
});
