import { describe, expect, it } from "vitest";
import { retryWhilePropagating } from "./propagation";

const denied = () => Object.assign(new Error("not authorized"), { name: "AccessDenied", Code: "AccessDenied" });

describe("retryWhilePropagating", () => {
  it("retries AccessDenied until the call succeeds, reporting each wait", async () => {
    let calls = 0;
    const waits: string[] = [];
    const out = await retryWhilePropagating(
      async () => {
        calls++;
        if (calls < 3) throw denied();
        return "ok";
      },
      { windowMs: 1000, initialDelayMs: 5, onPropagating: (i) => waits.push(i.code) },
    );
    expect(out).toBe("ok");
    expect(waits).toEqual(["AccessDenied", "AccessDenied"]);
  });

  it("gives up with the last error when the window closes", async () => {
    const started = Date.now();
    await expect(retryWhilePropagating(async () => Promise.reject(denied()), { windowMs: 60, initialDelayMs: 10 })).rejects.toThrow("not authorized");
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("does not retry errors that are not about propagation", async () => {
    let calls = 0;
    const err = Object.assign(new Error("no such role"), { name: "NoSuchEntityException", Code: "NoSuchEntity" });
    await expect(
      retryWhilePropagating(async () => {
        calls++;
        throw err;
      }, { windowMs: 1000, initialDelayMs: 5 }),
    ).rejects.toBe(err);
    expect(calls).toBe(1);
  });
});
