/**
 * setup.sh --dry-run with a stub `aws` (as hostile-values.test.ts does): a dry run says only what it
 * would do, never that it created, attached, updated or deleted something.
 */
import { describe, expect, it } from "vitest";
import { parseAccessModel } from "@/lib/model";
import { runWithStubAws } from "@/test/stub-aws";
import { buildCliScript } from "./build-cli-script";

describe("setup.sh --dry-run", () => {
  it("prints only what it would run, never 'created' or 'attached' (issue #14)", () => {
    const model = parseAccessModel({ homeAccountId: "111111111111", targetAccountIds: ["222222222222"], externalId: "dry-run-ext-id-0001" });
    const r = runWithStubAws(buildCliScript(model), { SKIP_ACCOUNT_CHECK: "1" }, ["--dry-run"]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split("\n").map((l) => l.trim());
    expect(lines.filter((l) => l.startsWith("would run")).length).toBeGreaterThanOrEqual(6);
    expect(lines.filter((l) => /^(created|attached|updated|deleted)\b/.test(l))).toEqual([]);
  });
});
