/**
 * CSV for the audit export (RFC 4180 quoting), safe to open in a spreadsheet: a cell that starts
 * with `=`, `+`, `-`, `@` (or a tab or carriage return, which some spreadsheets strip before
 * looking) is prefixed with `'` so it is shown as text, never evaluated as a formula. Pure.
 */
import { redact, redactString } from "@/lib/log/redact";

export const AUDIT_CSV_COLUMNS = ["seq", "at", "actor_email", "actor_id", "action", "entity_type", "entity_id", "ip", "before", "after", "prev_hash", "hash"] as const;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}

function redactJsonText(text: string | null): string | null {
  if (text === null) return null;
  try {
    return JSON.stringify(redact(JSON.parse(text)));
  } catch {
    return redactString(text);
  }
}

export interface AuditCsvEvent {
  seq: number;
  at: Date;
  actorEmail: string | null;
  actorId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  before: string | null;
  after: string | null;
  prevHash: string;
  hash: string;
}

/** One event as a CSV line; the hashes are included so an export can be re-verified offline. */
export function auditCsvRow(e: AuditCsvEvent): string {
  return csvRow([e.seq, e.at.toISOString(), e.actorEmail, e.actorId, e.action, e.entityType, e.entityId, e.ip, redactJsonText(e.before), redactJsonText(e.after), e.prevHash, e.hash]);
}
