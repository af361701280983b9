import { describe, expect, it } from "vitest";
import { statusTone } from "./status-tone";

describe("statusTone", () => {
  it("colours a target's setup status as the targets list always did: done green, failed red, pending neutral", () => {
    expect(["done", "failed", "pending"].map(statusTone)).toEqual(["green", "red", "slate"]);
  });

  it("colours run event statuses as the rollout and connection test views did, and anything unknown neutral", () => {
    expect(["waiting", "running", "propagating", "skipped", "interrupted", "something-new"].map(statusTone)).toEqual(["slate", "blue", "amber", "slate", "amber", "slate"]);
  });
});
