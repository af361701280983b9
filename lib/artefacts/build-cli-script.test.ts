/**
 * setup.sh --dry-run with a stub `aws` (as hostile-values.test.ts does): a dry run says only what it
 * would do, never that it created, attached, updated or deleted something.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAccessModel } from "@/lib/model";
import { buildCliScript } from "./build-cli-script";

const work = mkdtempSync(join(tmpdir(), "beaconport-dry-run-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Answers like an empty account: every get-* is NoSuchEntity, every list is empty. */
const STUB = String.raw`#!/usr/bin/python3
import sys
args = sys.argv[1:]
verb = next((a for a in args[1:] if not a.startswith("-")), "")
if verb.startswith("get-"):
    sys.stderr.write("An error occurred (NoSuchEntity) when calling the operation: not found\n")
    sys.exit(254)
if verb == "list-access-keys":
    print("0")
`;

describe("setup.sh --dry-run", () => {
  it("prints only what it would run, never 'created' or 'attached' (issue #14)", () => {
    const model = parseAccessModel({ homeAccountId: "111111111111", targetAccountIds: ["222222222222"], externalId: "dry-run-ext-id-0001" });
    const bin = join(work, "bin");
    spawnSync("mkdir", ["-p", bin]);
    writeFileSync(join(bin, "aws"), STUB);
    chmodSync(join(bin, "aws"), 0o755);
    writeFileSync(join(work, "setup.sh"), buildCliScript(model));
    const r = spawnSync("bash", [join(work, "setup.sh"), "--dry-run"], {
      cwd: work,
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: work, SKIP_ACCOUNT_CHECK: "1" } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split("\n").map((l) => l.trim());
    expect(lines.filter((l) => l.startsWith("would run")).length).toBeGreaterThanOrEqual(6);
    expect(lines.filter((l) => /^(created|attached|updated|deleted)\b/.test(l))).toEqual([]);
  });
});
