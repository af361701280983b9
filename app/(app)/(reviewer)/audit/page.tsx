import Link from "next/link";
import { AuditEvents } from "@/components/audit/audit-events";
import { AuditFilters } from "@/components/audit/audit-filters";
import { VerifyIntegrity } from "@/components/audit/verify-integrity";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { auditFilterQuery, isActive, parseAuditFilter, type AuditFilter } from "@/lib/audit/audit-filter";
import { queryAuditEvents } from "@/lib/audit/query-audit-events";
import { requireSession } from "@/lib/auth/session";
import { externalIdMasker } from "@/lib/dashboard/mask-for-viewer";

export const metadata = { title: "Audit trail" };

function pageHref(filter: AuditFilter, page: number): string {
  const q = auditFilterQuery({ ...filter, page }, { page: true });
  return q ? `/audit?${q}` : "/audit";
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireSession("reviewer");
  const filter = parseAuditFilter(await searchParams);
  const [result, mask] = await Promise.all([queryAuditEvents(filter), externalIdMasker(user)]);
  const exportQuery = auditFilterQuery(filter);
  const disabled = "pointer-events-none opacity-40";
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every change and sign-in, append-only. Each entry carries a hash of the one before it, so any edit or deletion is detected. Secrets are never recorded."
        actions={
          <a href={`/api/audit/export${exportQuery ? `?${exportQuery}` : ""}`} className={buttonClass("secondary")} data-testid="audit-export" download>
            Export CSV{isActive(filter) ? " (filtered)" : ""}
          </a>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Integrity" description="Re-computes every event's hash and its link to the previous one." />
          <div className="px-5 py-4">
            <VerifyIntegrity />
          </div>
        </Card>
        <Card>
          <CardHeader title="Events" description={<span data-testid="audit-total">{result.total} event{result.total === 1 ? "" : "s"}{isActive(filter) ? " match the filters" : ""}, newest first</span>} />
          <AuditFilters filter={filter} actions={result.actions} entityTypes={result.entityTypes} />
          <AuditEvents events={mask(result.events)} highlightSeq={filter.seq} />
          <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 px-5 py-3 text-sm text-slate-600">
            <p data-testid="audit-range">Page {result.page} of {result.pageCount}</p>
            <div className="flex gap-2">
              <Link href={pageHref(filter, result.page - 1)} className={`${buttonClass("secondary", "sm")} ${result.page <= 1 ? disabled : ""}`} aria-disabled={result.page <= 1} data-testid="audit-prev">Newer</Link>
              <Link href={pageHref(filter, result.page + 1)} className={`${buttonClass("secondary", "sm")} ${result.page >= result.pageCount ? disabled : ""}`} aria-disabled={result.page >= result.pageCount} data-testid="audit-next">Older</Link>
            </div>
          </nav>
        </Card>
      </div>
    </>
  );
}
