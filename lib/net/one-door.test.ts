import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Server code only: browser components call the portal's own API, scripts and the sandbox are not the portal. */
const SERVER_DIRS = ["lib", "app"];

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === "generated" || name === "node_modules") continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith(".d.ts")) yield full;
  }
}

describe("one door for outbound requests", () => {
  it("sends HTTP requests from server code only through lib/net/safe-request.ts (AWS aside: lib/aws/clients.ts)", () => {
    const pattern = /\bfetch\s*\(|\bhttps?\.(request|get)\s*\(|from\s+["'](undici|axios|node-fetch|got)["']/;
    const offenders = SERVER_DIRS.flatMap((d) => [...sourceFiles(path.join(ROOT, d))])
      .filter((f) => !/^["']use client["']/m.test(readFileSync(f, "utf8").slice(0, 200)))
      .filter((f) => path.relative(ROOT, f) !== path.join("lib", "net", "safe-request.ts") && pattern.test(readFileSync(f, "utf8")));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
