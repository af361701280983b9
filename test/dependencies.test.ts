/**
 * How the dependency tree is kept current (README "Dependencies"): every direct dependency is pinned to an
 * exact version, so `npm ci` and the lock file decide what runs and an upgrade is always a reviewed change;
 * install scripts run only for the packages allowed by name; the one pre-release runtime dependency
 * (next-auth) is the documented exception, and a new one must be documented the same way.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(fs.readFileSync(path.resolve("package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
};
const lock = JSON.parse(fs.readFileSync(path.resolve("package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
const readme = fs.readFileSync(path.resolve("README.md"), "utf8");
const EXACT = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

describe("dependencies", () => {
  it("every direct dependency is pinned to the exact version the lock file installs", () => {
    const loose: string[] = [];
    for (const [name, spec] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      const locked = lock.packages[`node_modules/${name}`]?.version;
      if (!EXACT.test(spec) || spec !== locked) loose.push(`${name}@${spec} (lock: ${locked ?? "missing"})`);
    }
    expect(loose).toEqual([]);
  });

  it("every pre-release runtime dependency is named in the README with what would replace it", () => {
    const prerelease = Object.entries(pkg.dependencies).filter(([, spec]) => spec.includes("-"));
    for (const [name, spec] of prerelease) expect(readme, `${name}@${spec}`).toContain(`\`${name}\` ${spec}`);
  });

  it("install scripts are allowed by name only, and each allowed one is a package we depend on", () => {
    const allowed = Object.entries(pkg.allowScripts).filter(([, on]) => on).map(([name]) => name);
    for (const name of allowed) expect(lock.packages[`node_modules/${name}`], name).toBeDefined();
    expect(allowed).toEqual(["better-sqlite3"]);
  });
});
