import { describe, expect, it } from "vitest";
import { describeRetry, evaluateLimit } from "./rate-limit-policy";

const now = new Date("2026-01-01T12:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const policy = { max: 3, windowMs: 10 * 60_000 };

describe("evaluateLimit", () => {
  it("allows under the limit and counts what is left", () => {
    expect(evaluateLimit([ago(10), ago(20)], now, policy)).toEqual({ limited: false, remaining: 1 });
  });

  it("ignores failures outside the window", () => {
    expect(evaluateLimit([ago(700), ago(800), ago(900), ago(5)], now, policy)).toEqual({ limited: false, remaining: 2 });
  });

  it("locks at the limit until the oldest counted failure leaves the window", () => {
    const v = evaluateLimit([ago(30), ago(60), ago(90)], now, policy);
    expect(v).toEqual({ limited: true, retryAt: new Date(ago(90).getTime() + policy.windowMs) });
  });

  it("with more failures than the limit, waits for the count to drop below it", () => {
    const v = evaluateLimit([ago(10), ago(20), ago(30), ago(500)], now, policy);
    expect(v).toEqual({ limited: true, retryAt: new Date(ago(30).getTime() + policy.windowMs) });
  });
});

describe("describeRetry", () => {
  it("speaks in seconds, then minutes", () => {
    expect(describeRetry(new Date(now.getTime() + 30_000), now)).toBe("in 30 seconds");
    expect(describeRetry(new Date(now.getTime() + 9 * 60_000 + 1), now)).toBe("in 10 minutes");
  });
});
