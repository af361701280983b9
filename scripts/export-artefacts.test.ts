import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAccessModel } from "@/lib/model";
import { buildArtefacts } from "@/lib/artefacts";

const ROOT = join(import.meta.dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const work = mkdtempSync(join(tmpdir(), "beaconport-export-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const exportCli = (...args: string[]) => spawnSync(TSX, [join(ROOT, "scripts", "export-artefacts.ts"), ...args], { cwd: ROOT, encoding: "utf8" });

describe("npm run export", () => {
  it("writes every artefact of the example model, byte for byte, with an executable script", () => {
    const out = join(work, "out");
    const r = exportCli("--model", "examples/model.json", "--out", out);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const model = parseAccessModel(JSON.parse(readFileSync(join(ROOT, "examples", "model.json"), "utf8")));
    const artefacts = buildArtefacts(model);
    expect(r.stdout).toContain(`Wrote ${artefacts.length} files`);
    for (const a of artefacts) expect(readFileSync(join(out, a.path), "utf8")).toBe(a.content);
    expect(statSync(join(out, "aws-cli", "setup.sh")).mode & 0o111).not.toBe(0);
  });

  it("accepts the minimal model file (home, targets, optional external ID)", () => {
    const file = join(work, "minimal.json");
    writeFileSync(file, JSON.stringify({ homeAccountId: "111122223333", targetAccountIds: ["444455556666"] }));
    const r = exportCli("--model", file, "--out", join(work, "minimal"), "--quiet");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(existsSync(join(work, "minimal", "policies", "ReadRolesForFNMS.json"))).toBe(true);
  });

  it("prints usage on bad flags and exits 2", () => {
    for (const args of [["--model", "examples/model.json"], ["--modle", "x", "--out", "y"], ["stray"]]) {
      const r = exportCli(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("Usage: npm run export -- --model FILE --out DIR");
    }
  });

  it("explains an invalid model field by field and exits 2", () => {
    const file = join(work, "bad.json");
    writeFileSync(file, JSON.stringify({ homeAccountId: "123", targetAccountIds: ["444455556666"], names: { role: "no spaces" } }));
    const r = exportCli("--model", file, "--out", join(work, "bad"));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Home account ID (homeAccountId): An AWS account ID is exactly 12 digits");
    expect(r.stderr).toContain("Role name (names.role)");
    expect(existsSync(join(work, "bad"))).toBe(false);
  });
});
