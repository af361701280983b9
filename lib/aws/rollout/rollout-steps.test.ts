import { describe, expect, it } from "vitest";
import { isRolloutStepOf, ROLLOUT_STEPS, rolloutStepLabel, rolloutStepsOf } from "./types";

describe("ROLLOUT_STEPS", () => {
  it("lists each scope's steps in the order they run", () => {
    expect(rolloutStepsOf("home")).toEqual(["read-roles-policy", "collector-user"]);
    expect(rolloutStepsOf("target")).toEqual(["reach-account", "inventory-policy", "role", "verify-role"]);
    expect(rolloutStepsOf("home").length + rolloutStepsOf("target").length).toBe(ROLLOUT_STEPS.length);
  });
  it("tells a scope's steps from the other events of a run", () => {
    expect(isRolloutStepOf("home", "collector-user")).toBe(true);
    expect(isRolloutStepOf("target", "collector-user")).toBe(false);
    expect(isRolloutStepOf("target", "connection-test")).toBe(false);
  });
  it("labels a step with the procedure's step number", () => {
    expect(rolloutStepLabel("inventory-policy")).toBe("Inventory policy (2)");
    expect(rolloutStepLabel("verify-role")).toBe("Role can be assumed (4)");
    expect(rolloutStepLabel("something-else")).toBe("something-else");
  });
});
