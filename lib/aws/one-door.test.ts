import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SKIP_DIRS = new Set(["node_modules", ".next", ".git", "data", "sandbox", "e2e", "coverage"]);

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const full = path.join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith(".d.ts")) yield full;
  }
}

describe("one door to AWS", () => {
  it("constructs SDK clients and HTTP handlers only in lib/aws/clients.ts (the sandbox and tests aside)", () => {
    const pattern = /new\s+(IAMClient|STSClient|EC2Client|RDSClient|OrganizationsClient|NodeHttpHandler|IAM|STS|EC2|RDS|Organizations)\s*\(/;
    const offenders = [...sourceFiles(ROOT)].filter((f) => path.relative(ROOT, f) !== path.join("lib", "aws", "clients.ts") && pattern.test(readFileSync(f, "utf8")));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
