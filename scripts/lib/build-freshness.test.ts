import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildIsStale, sourcesHash, writeBuildInfo } from "./build-freshness";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A project with one source file and a build of it, as `npm run build` leaves it. */
function builtProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bp-build-info-"));
  dirs.push(root);
  fs.mkdirSync(path.join(root, "app"));
  fs.writeFileSync(path.join(root, "app/page.tsx"), "export default function Page() { return null; }\n");
  fs.writeFileSync(path.join(root, "app/page.test.tsx"), "// tests do not make a build stale\n");
  fs.mkdirSync(path.join(root, ".next"));
  fs.writeFileSync(path.join(root, ".next/BUILD_ID"), "x");
  writeBuildInfo(root, { deploymentId: "bp-test", sourcesHash: sourcesHash(root), builtAt: new Date().toISOString() });
  return root;
}

describe("buildIsStale (deploy once, run many)", () => {
  it("a copied release with newer modification times is still current: no rebuild on the host", () => {
    const root = builtProject();
    const later = new Date(Date.now() + 3_600_000);
    fs.utimesSync(path.join(root, "app/page.tsx"), later, later);
    expect(buildIsStale(root)).toBeNull();
  });

  it("changed content makes it stale; tests do not", () => {
    const root = builtProject();
    fs.writeFileSync(path.join(root, "app/page.test.tsx"), "// edited test\n");
    expect(buildIsStale(root)).toBeNull();
    fs.writeFileSync(path.join(root, "app/page.tsx"), "export default function Page() { return 1; }\n");
    expect(buildIsStale(root)).toMatch(/sources differ/);
  });

  it("a new file is a change; a build made without `npm run build` is not trusted", () => {
    const root = builtProject();
    fs.writeFileSync(path.join(root, "app/new.tsx"), "export {};\n");
    expect(buildIsStale(root)).toMatch(/sources differ/);
    fs.rmSync(path.join(root, ".next/beaconport-build.json"));
    expect(buildIsStale(root)).toMatch(/not made by `npm run build`/);
    fs.rmSync(path.join(root, ".next/BUILD_ID"));
    expect(buildIsStale(root)).toBe("no build yet");
  });
});
