import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAccessModel } from "@/lib/model";
import { idealObservedState, lintAccess } from "@/lib/lint";
import type { ObservedState } from "@/lib/model/types";

const ROOT = join(import.meta.dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const work = mkdtempSync(join(tmpdir(), "beaconport-lint-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const lintCli = (...args: string[]) => spawnSync(TSX, [join(ROOT, "scripts", "lint-model.ts"), ...args], { cwd: ROOT, encoding: "utf8" });
const example = parseAccessModel(JSON.parse(readFileSync(join(ROOT, "examples", "model.json"), "utf8")));

describe("npm run lint", () => {
  it("prints the example state's findings and exits 1 because some are errors", () => {
    const r = lintCli("--model", "examples/model.json", "--state", "examples/state.json");
    expect(r.status).toBe(1);
    const expected = lintAccess(example, JSON.parse(readFileSync(join(ROOT, "examples", "state.json"), "utf8")) as ObservedState);
    expect(expected.some((f) => f.severity === "error")).toBe(true);
    for (const f of expected) expect(r.stdout).toContain(`[${f.rule}]`);
    expect(r.stdout).toMatch(/ERROR {3}step 3 {2}444455556666 {2}\[assume-role-missing-target\]/);
    expect(r.stdout).toMatch(/\d+ error\(s\), \d+ warning\(s\), \d+ info\.\n$/);
  });

  it("--json prints the findings as data", () => {
    const r = lintCli("--model", "examples/model.json", "--state", "examples/state.json", "--json");
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual(lintAccess(example, JSON.parse(readFileSync(join(ROOT, "examples", "state.json"), "utf8")) as ObservedState));
  });

  it("exits 0 when nothing is an error", () => {
    const state = idealObservedState(example);
    state.home.user!.accessKeys.push({ accessKeyId: "AKIASECONDKEY0000002", status: "Active" });
    const file = join(work, "warn-only.json");
    writeFileSync(file, JSON.stringify(state));
    const r = lintCli("--model", "examples/model.json", "--state", file);
    expect(r.stdout).toContain("[access-keys-full]");
    expect(r.status).toBe(0);
  });

  it("prints usage on bad flags and explains a malformed state, exiting 2", () => {
    const usage = lintCli("--model", "examples/model.json");
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("Usage: npm run lint -- --model FILE --state FILE [--json]");
    const file = join(work, "bad-state.json");
    writeFileSync(file, JSON.stringify({ home: { accountId: "111122223333", user: null }, targets: [{ accountId: "x", role: { name: "r" } }] }));
    const bad = lintCli("--model", "examples/model.json", "--state", file);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("targets[0].role.arn");
  });
});
