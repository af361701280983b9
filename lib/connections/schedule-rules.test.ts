import { describe, expect, it } from "vitest";
import { describeInterval, intervalMinutesSchema, intervalWarning, nextRunAfter, scheduleNameGuard } from "./schedule-rules";

describe("schedule rules", () => {
  it("accepts whole minutes from form text and refuses the rest with a message", () => {
    expect(intervalMinutesSchema.parse("30")).toBe(30);
    for (const bad of ["", "abc", "2", "7.5", "1441", "-30"]) {
      const r = intervalMinutesSchema.safeParse(bad);
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/minutes/);
    }
  });

  it("refuses any other schedule name", () => {
    expect(scheduleNameGuard.safeParse(undefined).success).toBe(true);
    expect(scheduleNameGuard.safeParse("AWS imports").success).toBe(true);
    const r = scheduleNameGuard.safeParse("My AWS schedule");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/cannot be changed/);
  });

  it("warns only beyond the 30-minute peak sampling limit", () => {
    expect(intervalWarning(30)).toBeNull();
    expect(intervalWarning(15)).toBeNull();
    expect(intervalWarning(60)).toMatch(/IBM PVU/);
  });

  it("computes the next due time from the last run, never in the past", () => {
    const now = new Date("2026-01-01T12:00:00Z");
    expect(nextRunAfter({ intervalMinutes: 30, lastRunAt: null, now }).toISOString()).toBe("2026-01-01T12:30:00.000Z");
    expect(nextRunAfter({ intervalMinutes: 30, lastRunAt: new Date("2026-01-01T11:50:00Z"), now }).toISOString()).toBe("2026-01-01T12:20:00.000Z");
    expect(nextRunAfter({ intervalMinutes: 30, lastRunAt: new Date("2026-01-01T09:00:00Z"), now }).toISOString()).toBe("2026-01-01T12:30:00.000Z");
  });

  it("describes intervals in words", () => {
    expect(describeInterval(30)).toBe("every 30 minutes");
    expect(describeInterval(60)).toBe("every hour");
    expect(describeInterval(135)).toBe("every 2 hours 15 minutes");
    expect(describeInterval(120)).toBe("every 2 hours");
  });
});
