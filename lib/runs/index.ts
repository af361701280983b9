export { startRun, settleRuns, type RunContext, type RunOutcome, type StartRunOptions } from "./start-run";
export { getRun, latestRunId } from "./get-run";
export { markInterruptedRuns } from "./mark-interrupted-runs";
export * from "./types";
