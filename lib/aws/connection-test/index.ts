export { runConnectionTest, testAccountAsBeacon, type ConnectionTestInput } from "./run-connection-test";
export { assumeRoleResources, accountOfRoleArn } from "./assume-role-resources";
export { explainCheckFailure } from "./causes";
export { diagnoseTrustPolicy, diagnoseAssumeRole, type AssumeRoleDiagnosis } from "./diagnose-assume-role";
export * from "./types";
export { summarizeAccountFailure, type FailureSummary } from "./failure-summary";
