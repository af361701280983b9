export { recordAudit, type AuditInput } from "./record-audit";
export { verifyAuditChain } from "./verify-audit-chain";
export { listAuditEvents, type AuditEventView } from "./list-audit-events";
export { latestAuditEvent } from "./latest-audit-event";
export type { ChainVerdict } from "./chain";
