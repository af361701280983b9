export { planRollout, planHome, planTarget } from "./plan-rollout";
export { runRollout } from "./run-rollout";
export { desiredForHome, desiredForTarget } from "./desired-state";
export * from "./types";
