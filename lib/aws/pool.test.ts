import { describe, expect, it } from "vitest";
import { createLimiter, mapPool } from "./pool";

const tick = () => new Promise((r) => setTimeout(r, 2));

describe("mapPool", () => {
  it("keeps at most `concurrency` in flight, keeps order, and finishes every item even when one throws", async () => {
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    const run = mapPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await tick();
      active--;
      done.push(n);
      if (n === 2) throw new Error("two");
      return n * 10;
    });
    await expect(run).rejects.toThrow("two");
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await mapPool([3, 1, 2], 2, async (n) => n * 2)).toEqual([6, 2, 4]);
  });
});

describe("createLimiter", () => {
  it("never exceeds its width, even with work added while running", async () => {
    const limit = createLimiter(2);
    let active = 0;
    let peak = 0;
    const job = async () => {
      active++;
      peak = Math.max(peak, active);
      await tick();
      active--;
    };
    const all = [limit(job), limit(job), limit(job)];
    await tick();
    all.push(limit(job), limit(job));
    await Promise.all(all);
    expect(peak).toBe(2);
  });
});
