import type { Finding } from "@/lib/model/types";

/** The drift columns of a connection or target account for these findings: none stores null, not "[]". Pure. */
export function driftColumns(findings: Finding[] | undefined, at: Date): { driftFindings: string | null; driftAt: Date | null } {
  return findings?.length ? { driftFindings: JSON.stringify(findings), driftAt: at } : { driftFindings: null, driftAt: null };
}

/** `rule@account` labels of findings, sorted, for the audit trail. */
export function driftLabels(findings: Finding[]): string[] {
  return findings.map((f) => `${f.rule}${f.accountId ? `@${f.accountId}` : ""}`).sort();
}
