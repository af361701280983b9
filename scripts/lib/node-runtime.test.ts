import { afterEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { integrityOf, relinkExternals } from "./node-runtime";

const made: string[] = [];
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bp-node-runtime-"));
  made.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("relinkExternals (a build copied to another tree loads that tree's packages)", () => {
  it("points links into the original project at the copy, at any depth, and leaves other links alone", () => {
    const original = tmp();
    const copy = tmp();
    const elsewhere = tmp();
    const modules = path.join(copy, ".next/node_modules");
    fs.mkdirSync(path.join(modules, "@prisma"), { recursive: true });
    fs.symlinkSync(path.join(original, "node_modules/@prisma/client"), path.join(modules, "@prisma/client-2c3a"));
    fs.symlinkSync(path.join(original, "node_modules/prom-client"), path.join(modules, "prom-client-cb39"));
    fs.symlinkSync(path.join(elsewhere, "lib"), path.join(modules, "foreign"));
    fs.symlinkSync("../relative/target", path.join(modules, "relative"));
    // A sibling whose name merely starts like the project's is not inside it.
    fs.symlinkSync(`${original}-other/node_modules/x`, path.join(modules, "lookalike"));

    relinkExternals(modules, original, copy);

    expect(fs.readlinkSync(path.join(modules, "@prisma/client-2c3a"))).toBe(path.join(copy, "node_modules/@prisma/client"));
    expect(fs.readlinkSync(path.join(modules, "prom-client-cb39"))).toBe(path.join(copy, "node_modules/prom-client"));
    expect(fs.readlinkSync(path.join(modules, "foreign"))).toBe(path.join(elsewhere, "lib"));
    expect(fs.readlinkSync(path.join(modules, "relative"))).toBe("../relative/target");
    expect(fs.readlinkSync(path.join(modules, "lookalike"))).toBe(`${original}-other/node_modules/x`);
  });

  it("does nothing when the build has no linked packages", () => {
    expect(() => relinkExternals(path.join(tmp(), "missing"), "/a", "/b")).not.toThrow();
  });
});

describe("integrityOf", () => {
  it("is npm's sha512-<base64> of the file's bytes", () => {
    const file = path.join(tmp(), "x.tgz");
    fs.writeFileSync(file, "hello\n");
    // printf 'hello\n' | openssl dgst -sha512 -binary | base64
    expect(integrityOf(file)).toBe("sha512-58IrmUxZ2c8rSOVJseJGZmNgRZMNPafBrLKZ0cO3+TH5Sq5B7dosKyB6NuEPi8uNRSI+VIePWzFufOO2vAGWKQ==");
  });
});
