import { describe, expect, it } from "vitest";
import type { RetryErrorInfo } from "@smithy/types";
import { BackoffRetryStrategy } from "./retry";

const throttle = { errorType: "THROTTLING", error: Object.assign(new Error("Rate exceeded"), { name: "Throttling", Code: "Throttling", $metadata: {} }) } as RetryErrorInfo;

describe("BackoffRetryStrategy", () => {
  it("backs off exponentially on throttling and reports giving up after maxAttempts", async () => {
    const retries: number[] = [];
    const gaveUp: { attempts: number; errorCode: string }[] = [];
    const s = new BackoffRetryStrategy({ maxAttempts: 4, throttlingBaseDelayMs: 8, onRetry: (e) => retries.push(e.delayMs), onGiveUp: (e) => gaveUp.push(e) });
    let token = await s.acquireInitialRetryToken();
    for (let i = 0; i < 3; i++) token = await s.refreshRetryTokenForRetry(token, throttle);
    expect(token.getRetryCount()).toBe(3);
    // Equal jitter: within [ceiling/2, ceiling] where ceiling = base * 2^retry.
    expect(retries[0]).toBeGreaterThanOrEqual(4);
    expect(retries[0]).toBeLessThanOrEqual(8);
    expect(retries[2]).toBeGreaterThanOrEqual(16);
    expect(retries[2]).toBeLessThanOrEqual(32);
    await expect(s.refreshRetryTokenForRetry(token, throttle)).rejects.toThrow();
    expect(gaveUp).toEqual([{ attempts: 4, errorType: "THROTTLING", errorCode: "Throttling" }]);
  });

  it("does not retry client errors", async () => {
    const s = new BackoffRetryStrategy({ maxAttempts: 5 });
    const token = await s.acquireInitialRetryToken();
    await expect(s.refreshRetryTokenForRetry(token, { errorType: "CLIENT_ERROR" })).rejects.toThrow();
  });

  it("caps the delay", async () => {
    const delays: number[] = [];
    const s = new BackoffRetryStrategy({ maxAttempts: 20, throttlingBaseDelayMs: 100, maxDelayMs: 300, onRetry: (e) => delays.push(e.delayMs) });
    let token = await s.acquireInitialRetryToken();
    for (let i = 0; i < 10; i++) token = await s.refreshRetryTokenForRetry(token, throttle);
    expect(Math.max(...delays)).toBeLessThanOrEqual(300);
  });
});

describe("BackoffRetryStrategy and IAM quotas", () => {
  it("does not retry IAM's LimitExceeded, which the SDK classifies as throttling", async () => {
    const s = new BackoffRetryStrategy({ maxAttempts: 5 });
    const token = await s.acquireInitialRetryToken();
    const quota = { errorType: "THROTTLING", error: Object.assign(new Error("Cannot exceed quota"), { name: "LimitExceededException", Code: "LimitExceeded", $metadata: {} }) } as RetryErrorInfo;
    await expect(s.refreshRetryTokenForRetry(token, quota)).rejects.toThrow();
  });
});
