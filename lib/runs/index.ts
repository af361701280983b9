export { startRun, settleRuns, type RunContext, type RunOutcome, type StartRunOptions } from "./start-run";
export { getRun, getRunSummary, latestRunId } from "./get-run";
export { runPollQuery } from "./run-poll-query";
export { markInterruptedRuns } from "./mark-interrupted-runs";
export * from "./types";
