/**
 * The portal's runtime dependency tree carries no strong-copyleft licence. The AWS sandbox (a development
 * and test tool, never imported by the portal) uses AGPL-3.0 packages for IAM policy evaluation; they are
 * devDependencies, so a production install (`npm ci --omit=dev`) has none of them.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

interface LockPackage {
  license?: string;
  dev?: boolean;
  optional?: boolean;
}

const STRONG_COPYLEFT = /\b(AGPL|GPL|SSPL|BUSL|EUPL)\b/i;
/** LGPL allows use by dynamic linking (sharp's optional libvips binary, which we do not install). */
const WEAK_COPYLEFT = /\bLGPL\b/i;

describe("licences", () => {
  it("no runtime dependency is under a strong-copyleft licence", () => {
    const lock = JSON.parse(fs.readFileSync(path.resolve("package-lock.json"), "utf8")) as { packages: Record<string, LockPackage> };
    const offending = Object.entries(lock.packages)
      .filter(([name, p]) => name !== "" && !p.dev && p.license && STRONG_COPYLEFT.test(p.license) && !WEAK_COPYLEFT.test(p.license))
      .map(([name, p]) => `${name.replace(/^node_modules\//, "")} (${p.license})`);
    expect(offending).toEqual([]);
  });

  it("the portal never imports the sandbox", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== "generated" && entry.name !== "node_modules") walk(full);
        } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.startsWith("test-support")) {
          if (/from\s+["'](@\/sandbox|(\.\.\/)+sandbox)|@cloud-copilot\//.test(fs.readFileSync(full, "utf8"))) offenders.push(full);
        }
      }
    };
    for (const dir of ["app", "components", "lib"]) walk(path.resolve(dir));
    expect(offenders).toEqual([]);
  });
});
