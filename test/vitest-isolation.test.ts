/**
 * Test files outside vitest.config.ts's isolated list share their worker's modules with the files before
 * them (`isolate: false`). One that changes process-wide state would leak it into the next file, so such
 * a file must be listed as isolated: this test reads every shared test file and refuses the patterns that
 * change process-wide state.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ISOLATED_FILES, ISOLATED_SUFFIXES } from "../vitest.config";

const ROOT = path.resolve(import.meta.dirname, "..");
const PROCESS_WIDE = [
  { what: "assigns process.env", re: /process\.env(\.[A-Za-z_]\w*|\[[^\]]+\])\s*(=(?!=)|\?\?=|\|\|=)|delete\s+process\.env|Object\.assign\(\s*process\.env/ },
  { what: "mocks a module", re: /\bvi\.(mock|doMock)\(/ },
  { what: "stubs the environment or a global", re: /\bvi\.(stubEnv|stubGlobal)\(/ },
  { what: "fakes timers", re: /\bvi\.useFakeTimers\(/ },
  { what: "replaces a global dispatcher or agent", re: /setGlobalDispatcher\(|http\.globalAgent\s*=|https\.globalAgent\s*=/ },
];

function processWideChanges(source: string): string[] {
  const found = PROCESS_WIDE.filter((p) => p.re.test(source)).map((p) => p.what);
  // aws-sdk-client-mock on a client class stubs the prototype's send for every instance in the process:
  // the next file's clients answered `undefined` ("Cannot read properties of undefined (reading 'User')").
  if (/mockClient\(\s*[A-Z]\w*Client\b/.test(source) && !/\.restore\(\)/.test(source)) found.push("mocks an AWS SDK client class without restoring it");
  return found;
}

// The project's own test files, by walking the tree (npm test's node24 stage runs in a copy without .git).
const SKIP = new Set(["node_modules", ".next", ".git", "e2e", "data", "coverage", "test-results", "playwright-report"]);
function testFiles(dir = ""): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : testFiles(rel);
    return /\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

function sharedTestFiles(): string[] {
  // This file names the patterns as examples: it changes nothing itself.
  const self = path.relative(ROOT, import.meta.filename);
  return testFiles().filter((f) => f !== self && !ISOLATED_SUFFIXES.some((s) => f.endsWith(s)) && !ISOLATED_FILES.includes(f));
}

describe("test files that share modules", () => {
  it("the patterns are recognised (each one, and not in an unrelated line)", () => {
    expect(processWideChanges('process.env.AWS_REGION = "x";')).toEqual(["assigns process.env"]);
    expect(processWideChanges('process.env["X"] ??= "1";')).toEqual(["assigns process.env"]);
    expect(processWideChanges("delete process.env.X;")).toEqual(["assigns process.env"]);
    expect(processWideChanges('vi.mock("@/lib/db");')).toEqual(["mocks a module"]);
    expect(processWideChanges('vi.stubEnv("X", "1");')).toEqual(["stubs the environment or a global"]);
    expect(processWideChanges("vi.useFakeTimers();")).toEqual(["fakes timers"]);
    expect(processWideChanges("setGlobalDispatcher(agent);")).toEqual(["replaces a global dispatcher or agent"]);
    expect(processWideChanges("const iam = mockClient(IAMClient);")).toEqual(["mocks an AWS SDK client class without restoring it"]);
    expect(processWideChanges("const iam = mockClient(IAMClient);\nafterAll(() => iam.restore());")).toEqual([]);
    // An instance's mock stubs that instance only.
    expect(processWideChanges("const mock = mockClient(clients.iam);")).toEqual([]);
    expect(processWideChanges('if (process.env.X === "1") run(process.env.Y);')).toEqual([]);
  });

  it("change no process-wide state (or are listed in vitest.config.ts's ISOLATED_FILES)", () => {
    const files = sharedTestFiles();
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((f) => {
      const found = processWideChanges(fs.readFileSync(path.join(ROOT, f), "utf8"));
      return found.length ? [`${f}: ${found.join(", ")}`] : [];
    });
    expect(offenders).toEqual([]);
  });

  it("every file listed as isolated exists (a stale entry would hide a rename)", () => {
    expect(ISOLATED_FILES.filter((f) => !fs.existsSync(path.join(ROOT, f)))).toEqual([]);
  });
});
