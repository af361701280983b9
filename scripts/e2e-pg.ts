/**
 * Working on one PostgreSQL test without the whole `npm test`: a throwaway cluster (as npm test's
 * postgres and e2e stages start it, removed afterwards) for one command.
 *   npm run e2e:pg -- [playwright args]   the PostgreSQL browser projects, e.g.
 *                                         `npm run e2e:pg -- e2e/schedule-run-now.spec.ts --repeat-each=3`
 *                                         (needs a current build: `npm run build`)
 *   npm run e2e:pg -- --vitest [args]     vitest with DATABASE_URL on the cluster, e.g.
 *                                         `npm run e2e:pg -- --vitest lib/runs/start-run.db.test.ts`
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildIsStale } from "./lib/build-freshness";
import { createPgDatabase, startPgCluster } from "./lib/pg-cluster";
import { ROOT } from "./lib/prisma-cli";

const args = process.argv.slice(2);
const vitest = args[0] === "--vitest";
const stale = vitest ? null : buildIsStale(ROOT);
if (stale) {
  console.error(`The build does not match the sources (${stale}): run \`npm run build\` first.`);
  process.exit(1);
}
const cluster = await startPgCluster((line) => console.log(line));
let status = 1;
try {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
  const [cmd, cmdArgs, cmdEnv] = vitest
    ? ["vitest", ["run", ...args.slice(1)], { ...env, DATABASE_URL: cluster.url }]
    : ["playwright", ["test", ...args], { ...env, E2E_DATABASE_URL: await createPgDatabase(cluster.url, "bp_e2e") }];
  status = spawnSync(path.join(ROOT, "node_modules/.bin", cmd), cmdArgs, { cwd: ROOT, stdio: "inherit", env: cmdEnv }).status ?? 1;
} finally {
  cluster.stop();
}
process.exit(status);
