/**
 * `npm run build`: the one build every instance runs (deploy once, run many).
 *   1. generate both Prisma clients
 *   2. draw a deployment id (Next's `deploymentId`: two builds of the same commit have
 *      different chunk names and server-action ids, so each build gets its own id and browsers holding a
 *      page of another build are told to reload instead of failing on a chunk)
 *   3. `next build` with NEXT_DEPLOYMENT_ID, then record it and the sources' hash in .next/beaconport-build.json
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { ROOT } from "./lib/prisma-cli";
import { sourcesHash, writeBuildInfo } from "./lib/build-freshness";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };

function run(cmd: string, args: string[], extra: Record<string, string> = {}): void {
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", env: { ...env, ...extra } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, ["scripts/prisma-generate.mjs"]);
const deploymentId = `bp-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
console.log(`[build] deployment id ${deploymentId}`);
run(path.join(ROOT, "node_modules/.bin/next"), ["build"], { NEXT_DEPLOYMENT_ID: deploymentId });
// Hashed after the build: `next build` may itself touch tsconfig.json.
writeBuildInfo(ROOT, { deploymentId, sourcesHash: sourcesHash(ROOT), builtAt: new Date().toISOString() });
console.log(`[build] recorded .next/beaconport-build.json`);
