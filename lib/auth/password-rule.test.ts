import { describe, expect, it } from "vitest";
import { passwordProblems } from "./password-rule";

describe("passwordProblems", () => {
  it("accepts long passwords that mix two kinds of characters", () => {
    expect(passwordProblems("correct horse battery 9")).toEqual([]);
    expect(passwordProblems("Tr0ub4dor&3xyz")).toEqual([]);
  });

  it("refuses short, single-class and repeated passwords", () => {
    expect(passwordProblems("Ab1!")).toContainEqual(expect.stringMatching(/at least 12/));
    expect(passwordProblems("abcdefghijklmnop")).toContainEqual(expect.stringMatching(/two kinds/));
    expect(passwordProblems("111111111111")).toContainEqual(expect.stringMatching(/single character/));
  });

  it("refuses passwords containing the email or name", () => {
    expect(passwordProblems("alice.smith-2026!", { email: "alice.smith@example.com" })).toContainEqual(expect.stringMatching(/email/));
    expect(passwordProblems("I am Beatrice 2026", { name: "Beatrice" })).toContainEqual(expect.stringMatching(/name/));
  });
});
