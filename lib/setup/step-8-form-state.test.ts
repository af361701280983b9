import { describe, expect, it } from "vitest";
import { RETEST_NOTE, saveButtonState, storedSecretPlaceholder } from "./step-8-form-state";

describe("step 8's Save button", () => {
  it("says Saved (not clickable) for a saved connection nobody changed, and what would need a new test", () => {
    expect(saveButtonState({ saved: true, dirty: false, testedHere: null, saveRefusal: null })).toEqual({ state: "saved", reason: RETEST_NOTE });
  });

  it("is ready after a passing test, also on a saved connection re-tested", () => {
    expect(saveButtonState({ saved: false, dirty: false, testedHere: "passed", saveRefusal: "x" }).state).toBe("ready");
    expect(saveButtonState({ saved: true, dirty: false, testedHere: "passed", saveRefusal: null }).state).toBe("ready");
  });

  it("is blocked while edited, testing, after a failed test, or when the server refuses", () => {
    expect(saveButtonState({ saved: true, dirty: true, testedHere: null, saveRefusal: null })).toMatchObject({ state: "blocked", reason: expect.stringContaining("changed since the last test") });
    expect(saveButtonState({ saved: false, dirty: false, testedHere: "running", saveRefusal: null }).state).toBe("blocked");
    expect(saveButtonState({ saved: false, dirty: false, testedHere: "failed", saveRefusal: null }).state).toBe("blocked");
    expect(saveButtonState({ saved: false, dirty: false, testedHere: null, saveRefusal: "Test the connection first" })).toEqual({ state: "blocked", reason: "Test the connection first" });
  });
});

describe("a held secret's placeholder", () => {
  it("says 'stored' only when it is", () => {
    expect(storedSecretPlaceholder({ held: false, saved: false }, "Paste it")).toBe("Paste it");
    expect(storedSecretPlaceholder({ held: true, saved: true })).toBe("Stored — leave blank to keep it");
    expect(storedSecretPlaceholder({ held: true, saved: false, fromStep6: true })).toBe("Stored — leave blank to keep it");
    expect(storedSecretPlaceholder({ held: true, saved: false })).toMatch(/^Used for the last test; saved with the connection/);
  });
});
