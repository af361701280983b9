import "server-only";
import { getDb, type DbOrTx } from "@/lib/db";
import { verifyEvents, type ChainVerdict } from "./chain";

const PAGE = 500;

/** Re-computes the whole chain, page by page; reports the first event that does not fit. */
export async function verifyAuditChain(options: { db?: DbOrTx } = {}): Promise<ChainVerdict> {
  const db = options.db ?? getDb();
  let previous: { seq: number; hash: string } | null = null;
  let count = 0;
  for (;;) {
    const events = await db.auditEvent.findMany({
      where: { seq: { gt: previous?.seq ?? 0 } },
      orderBy: { seq: "asc" },
      take: PAGE,
    });
    if (events.length === 0) return { ok: true, count };
    const verdict = verifyEvents(events, previous);
    if (!verdict.ok) return verdict;
    previous = verdict.last;
    count += events.length;
  }
}
