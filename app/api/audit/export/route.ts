import { route } from "@/lib/actions/route";
import { recordAudit } from "@/lib/audit";
import { AUDIT_CSV_COLUMNS, auditCsvRow, csvRow } from "@/lib/audit/audit-csv";
import { auditFilterQuery, parseAuditFilter } from "@/lib/audit/audit-filter";
import { iterateAuditEvents } from "@/lib/audit/query-audit-events";
import { externalIdMasker } from "@/lib/dashboard/mask-for-viewer";
import { log } from "@/lib/log";

/**
 * The audit trail (current filter) as CSV, streamed batch by batch so a large trail never sits in
 * memory. Reviewers may export: the trail holds no secret (redacted when recorded, and again here), and
 * reviewers get external IDs masked (those rows then no longer re-verify against their hashes offline).
 */
export const GET = route({ role: "reviewer" }, async (request, ctx) => {
  const filter = parseAuditFilter(new URL(request.url).searchParams);
  await recordAudit({ action: "audit.export", actor: { id: ctx.user.userId, email: ctx.user.email }, ip: ctx.ip, after: { filter: auditFilterQuery(filter) || "(all)" } });
  const mask = await externalIdMasker(ctx.user);
  const encoder = new TextEncoder();
  const events = iterateAuditEvents(filter);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow([...AUDIT_CSV_COLUMNS])));
    },
    async pull(controller) {
      try {
        // Up to one batch per pull: the stream's backpressure paces the database reads.
        let chunk = "";
        for (let i = 0; i < 500; i++) {
          const next = await events.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += auditCsvRow(mask(next.value));
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        log.error("audit.export_failed", { error });
        controller.error(new Error("audit export failed"));
      }
    },
    async cancel() {
      await events.return(undefined);
    },
  });
  const stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 13);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-trail-${stamp}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
