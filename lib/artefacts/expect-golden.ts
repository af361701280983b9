import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "vitest";

/**
 * Compares generated text with a reviewed file under `__golden__/`. `UPDATE_GOLDEN=1` rewrites
 * the files (then review the diff by hand: the golden files are the spec). Test-only helper.
 */
export function expectGolden(file: string, actual: string): void {
  // A test-run switch, not application configuration, so it does not belong in lib/env.ts.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`Golden file ${file} is missing; run with UPDATE_GOLDEN=1 and review it.`);
  expect(actual, `${file} differs; if the change is intended, run with UPDATE_GOLDEN=1 and review the diff`).toBe(readFileSync(file, "utf8"));
}
