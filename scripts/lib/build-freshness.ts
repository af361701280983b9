/**
 * The build, made once and shared by every instance (`npm run build` → scripts/build.ts).
 *
 * `.next/beaconport-build.json` records the build's deployment id (Next's `deploymentId`: chunk URLs carry
 * it and a browser holding a page of another build is told to reload) and a hash of the sources it was
 * built from. A build is current when the sources hash to the same value: content, not modification
 * times, so copying a release to another host (new mtimes) never triggers a rebuild there.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const BUILD_INFO_FILE = "beaconport-build.json";

const SOURCES = ["app", "components", "lib", "public", "prisma", "instrumentation.ts", "proxy.ts", "next.config.ts", "postcss.config.mjs", "package.json", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["node_modules", ".next", "generated", "__golden__"]);

export interface BuildInfo {
  deploymentId: string;
  sourcesHash: string;
  builtAt: string;
}

function collect(root: string, entry: string, out: string[]): void {
  const abs = path.join(root, entry);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    return;
  }
  if (!stat.isDirectory()) {
    out.push(entry);
    return;
  }
  for (const child of fs.readdirSync(abs)) {
    if (SKIP.has(child) || /\.test\.tsx?$/.test(child) || child === "README.md") continue;
    collect(root, path.join(entry, child), out);
  }
}

/** SHA-256 over the relative path and content of every file the build reads (tests and docs excluded). */
export function sourcesHash(root: string): string {
  const files: string[] = [];
  for (const s of SOURCES) collect(root, s, files);
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    hash.update(file.split(path.sep).join("/") + "\0");
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

export function readBuildInfo(root: string): BuildInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(root, ".next", BUILD_INFO_FILE), "utf8")) as Partial<BuildInfo>;
    return typeof info.deploymentId === "string" && typeof info.sourcesHash === "string" ? (info as BuildInfo) : null;
  } catch {
    return null;
  }
}

export function writeBuildInfo(root: string, info: BuildInfo): void {
  fs.writeFileSync(path.join(root, ".next", BUILD_INFO_FILE), JSON.stringify(info, null, 2) + "\n");
}

/** A reason to build, or null when `.next` holds a build of exactly these sources. */
export function buildIsStale(root: string): string | null {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return "no build yet";
  const info = readBuildInfo(root);
  if (!info) return "the build was not made by `npm run build`";
  return info.sourcesHash === sourcesHash(root) ? null : "the sources differ from the ones the build was made from";
}
