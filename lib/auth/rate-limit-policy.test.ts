import { describe, expect, it } from "vitest";
import { describeRetry } from "./rate-limit-policy";

const now = new Date("2026-01-01T12:00:00Z");

describe("describeRetry", () => {
  it("speaks in seconds, then minutes", () => {
    expect(describeRetry(new Date(now.getTime() + 30_000), now)).toBe("in 30 seconds");
    expect(describeRetry(new Date(now.getTime() + 9 * 60_000 + 1), now)).toBe("in 10 minutes");
  });
});
