/**
 * The wizard's steps are one registry (SETUP_STEPS): the UI names a step by its key (stepRef), never by
 * a number of its own, so renumbering or reordering the steps cannot leave a card pointing at the wrong
 * one. The last test reads components/ and app/ for step numbers written by hand.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SETUP_STEP_KEYS, SETUP_STEPS, setupStep, stepRef, stepsRef } from "./steps";

describe("SETUP_STEPS", () => {
  it("has one entry per key, numbered in order", () => {
    expect(SETUP_STEPS.map((s) => s.key)).toEqual([...SETUP_STEP_KEYS]);
    expect(SETUP_STEPS.map((s) => s.number)).toEqual(SETUP_STEPS.map((_, i) => i + 1));
  });
  it("names steps in a sentence by their key", () => {
    expect(stepRef("accounts")).toBe(`step ${setupStep("accounts").number}`);
    expect(stepRef("connection")).toBe("step 8");
    expect(stepsRef("inventory-policy", "role")).toBe("steps 2 and 4");
    expect(stepsRef("inventory-policy", "collector-user", "to")).toBe("steps 2 to 6");
    expect(stepsRef("inventory-policy", "role", "and", true)).toBe("Steps 2 and 4");
  });
});

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** Code without comments: a doc comment may say which step a component draws. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
}

describe("no component or page writes a step number by hand", () => {
  it("finds none in components/ and app/ (use stepRef, stepsRef or setupStep(key).number)", () => {
    const root = path.resolve(__dirname, "../..");
    // "step 5", "steps 2 and 4", "Step 8", "step={3}", "#step-1"; procedure paragraphs ("step 4.5") are citations, not steps.
    const pattern = /\bsteps? [1-8](?!\.?\d)|\bstep=\{\s*[1-8]\s*\}|#step-[1-8]\b|\bof [1-8] steps\b/gi;
    const found = ["components", "app"].flatMap((dir) =>
      sourceFiles(path.join(root, dir)).flatMap((file) => [...withoutComments(fs.readFileSync(file, "utf8")).matchAll(pattern)].map((m) => `${path.relative(root, file)}: ${m[0]}`)),
    );
    expect(found).toEqual([]);
  });
});
