import { describe, expect, test } from "vitest";
import { FaultEngine } from "./faults";
import { RequestLog } from "./request-log";
import type { RequestLogEntry } from "./types";

describe("FaultEngine", () => {
  test("token bucket: burst, then refill at the configured rate, per account and API", () => {
    const faults = new FaultEngine({ throttle: { ratePerSecond: 2, burst: 3 } });
    const t0 = 1_000_000;
    const calls = (n: number, now: number) => Array.from({ length: n }, () => faults.throttled("111111111111", "iam", "ListUsers", now));
    expect(calls(4, t0)).toEqual([false, false, false, true]);
    expect(faults.throttled("222222222222", "iam", "ListUsers", t0)).toBe(false);
    expect(faults.throttled("111111111111", "iam", "GetUser", t0)).toBe(false);
    // 500 ms at 2/s buys exactly one more call.
    expect(calls(2, t0 + 500)).toEqual([false, true]);
    // Refill never exceeds the burst.
    expect(calls(4, t0 + 60_000)).toEqual([false, false, false, true]);
  });

  test("throttle scope: services, accounts, actions", () => {
    const faults = new FaultEngine({ throttle: { ratePerSecond: 1, burst: 1, services: ["ec2"], accounts: ["222222222222"], actions: ["ec2:DescribeHosts"] } });
    for (let i = 0; i < 3; i++) {
      expect(faults.throttled("222222222222", "ec2", "DescribeInstances", 0)).toBe(false);
      expect(faults.throttled("111111111111", "ec2", "DescribeHosts", 0)).toBe(false);
      expect(faults.throttled("222222222222", "iam", "DescribeHosts", 0)).toBe(false);
    }
    expect([faults.throttled("222222222222", "ec2", "DescribeHosts", 0), faults.throttled("222222222222", "ec2", "DescribeHosts", 0)]).toEqual([false, true]);
  });

  test("scripted failures count matching calls only, and fail `count` calls from the Nth", () => {
    const faults = new FaultEngine({ script: [{ action: "iam:CreateRole", nth: 2, count: 2, accountId: "1", error: { code: "ServiceFailure", status: 500 } }] });
    const outcomes = [
      faults.scripted("1", "iam", "CreateRole"),
      faults.scripted("2", "iam", "CreateRole"),
      faults.scripted("1", "iam", "CreatePolicy"),
      faults.scripted("1", "iam", "CreateRole"),
      faults.scripted("1", "iam", "CreateRole"),
      faults.scripted("1", "iam", "CreateRole"),
    ].map((e) => e?.code ?? "ok");
    expect(outcomes).toEqual(["ok", "ok", "ok", "ServiceFailure", "ServiceFailure", "ok"]);
  });

  test("latency: fixed plus bounded jitter; first matching rule wins", () => {
    const faults = new FaultEngine({ latencyMs: 50, jitterMs: 10, latency: [{ service: "sts", latencyMs: 5 }] });
    for (let i = 0; i < 50; i++) {
      const ms = faults.latencyFor("iam", "ListUsers");
      expect(ms).toBeGreaterThanOrEqual(50);
      expect(ms).toBeLessThanOrEqual(60);
    }
    expect(faults.latencyFor("sts", "AssumeRole")).toBe(5);
  });
});

describe("RequestLog", () => {
  const entry = (i: number): RequestLogEntry => ({
    time: new Date(1_700_000_000_000 + i).toISOString(), requestId: String(i), accountId: String(i % 2), service: "iam", action: "ListUsers",
    outcome: i % 3 === 0 ? "Throttling" : "ok", httpStatus: 200, latencyMs: 1,
  });

  test("is a ring buffer: bounded, oldest dropped, order kept", () => {
    const log = new RequestLog(5);
    for (let i = 0; i < 12; i++) log.add(entry(i));
    expect(log.list().map((e) => e.requestId)).toEqual(["7", "8", "9", "10", "11"]);
  });

  test("filters by account, action (with or without service prefix), outcome and time", () => {
    const log = new RequestLog(100);
    for (let i = 0; i < 10; i++) log.add(entry(i));
    expect(log.list({ accountId: "0" })).toHaveLength(5);
    expect(log.list({ action: "iam:ListUsers" })).toHaveLength(10);
    expect(log.list({ action: "ListUsers", outcome: "Throttling" }).map((e) => e.requestId)).toEqual(["0", "3", "6", "9"]);
    expect(log.list({ since: entry(8).time }).map((e) => e.requestId)).toEqual(["8", "9"]);
  });
});
