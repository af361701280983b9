/**
 * `npm start`: everything a fresh clone needs, then the portal.
 *   1. validate configuration (lib/env.ts), create the data dir
 *   2. generate and persist the auth secret and data-encryption key unless configured
 *   3. build when .next holds no build of exactly these sources (content hash, scripts/lib/build-freshness.ts);
 *      with `--no-build` (every instance of a multi-instance deployment) refuse instead of building
 *   4. `prisma migrate deploy` on the configured database
 *   5. serve the build on HOST:PORT (default 127.0.0.1:3000) with scripts/server.mjs (Next's custom server)
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { EnvError, env } from "../lib/env";
import { AUTH_SECRET_FILE_NAME, ENCRYPTION_KEY_FILE_NAME, readOrCreateSecretFile } from "../lib/crypto/secret-file";
import { ROOT, migrateDeploy } from "./lib/prisma-cli";
import { buildIsStale, readBuildInfo } from "./lib/build-freshness";

const say = (line: string) => console.log(`[beaconport] ${line}`);

let config;
try {
  config = env();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`[beaconport] ${error.message}`);
    process.exit(1);
  }
  throw error;
}

fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
say(`data directory: ${config.dataDir}`);

if (!config.authSecret) {
  const existed = fs.existsSync(path.join(config.dataDir, AUTH_SECRET_FILE_NAME));
  readOrCreateSecretFile(config.dataDir, AUTH_SECRET_FILE_NAME, () => randomBytes(32).toString("base64url"));
  say(existed ? "auth secret: using data/auth-secret" : "auth secret: generated data/auth-secret (mode 0600; never commit it)");
}
if (!config.encryptionKey) {
  const existed = fs.existsSync(path.join(config.dataDir, ENCRYPTION_KEY_FILE_NAME));
  readOrCreateSecretFile(config.dataDir, ENCRYPTION_KEY_FILE_NAME, () => randomBytes(32).toString("hex"));
  say(existed ? "encryption key: using data/encryption-key" : "encryption key: generated data/encryption-key (mode 0600; back it up with the database)");
}

const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };

const stale = buildIsStale(ROOT);
if (stale && process.argv.includes("--no-build")) {
  console.error(`[beaconport] --no-build: the build in .next cannot be used (${stale}). Run \`npm run build\` once and give every instance that .next.`);
  process.exit(1);
}
if (stale) {
  say(`building the app (${stale}); this takes a minute the first time ...`);
  const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit", env: childEnv });
  if (build.status !== 0) {
    console.error("[beaconport] build failed");
    process.exit(build.status ?? 1);
  }
} else {
  const info = readBuildInfo(ROOT);
  say(`build ${info?.deploymentId} matches the sources (built ${info?.builtAt}); not rebuilding`);
}

say(`database: ${config.databaseProvider}${config.databaseProvider === "sqlite" ? ` (${config.databaseUrl.replace(/^file:/, "")})` : ""}; applying migrations ...`);
try {
  migrateDeploy(config.databaseUrl);
} catch (error) {
  console.error(`[beaconport] ${(error as Error).message}`);
  process.exit(1);
}

say(`starting on http://${config.host}:${config.port}`);
// Our own server (Next's custom-server API) instead of `next start`: it tells the app the socket's peer
// address, which rate limits and the audit trail need (scripts/server.mjs, lib/auth/client-ip.ts).
const server = spawn(process.execPath, [path.join(ROOT, "scripts/server.mjs"), ROOT, config.host, String(config.port)], {
  cwd: ROOT,
  stdio: "inherit",
  env: childEnv,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
