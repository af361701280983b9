/** Target accounts a pinpoint or a repair looks at: those of the model that fail the latest test or have drift. Pure. */
export function affectedAccounts<T extends { accountId: string; driftFindings: string | null; lastTestStatus: string | null }>(rows: T[], targetAccountIds: string[]): T[] {
  return rows.filter((r) => targetAccountIds.includes(r.accountId) && (r.driftFindings !== null || r.lastTestStatus === "failed"));
}
