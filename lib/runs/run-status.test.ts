import { describe, expect, it } from "vitest";
import { isActive, isRetryable, RUN_STATUSES } from "./types";

describe("run status rules", () => {
  it("a run is active while queued or running, retryable once it ended without full success", () => {
    expect(RUN_STATUSES.filter(isActive)).toEqual(["queued", "running"]);
    expect(RUN_STATUSES.filter(isRetryable).sort()).toEqual(["failed", "interrupted", "partial"]);
  });
  it("no status is both", () => {
    expect(RUN_STATUSES.filter((s) => isActive(s) && isRetryable(s))).toEqual([]);
  });
});
