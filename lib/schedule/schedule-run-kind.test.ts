import { describe, expect, it } from "vitest";
import { scheduleRunResult } from "./schedule-run-kind";

describe("scheduleRunResult", () => {
  it("reads the tick a schedule run recorded, and nothing from anything else", () => {
    expect(scheduleRunResult({ tickId: "t1", connections: 2 })).toEqual({ tickId: "t1", connections: 2 });
    expect(scheduleRunResult({ tickId: 7 })).toBeNull();
    expect(scheduleRunResult(null)).toBeNull();
  });
});
