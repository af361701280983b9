import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { dashboardHref, type DashboardQuery } from "@/lib/dashboard/dashboard-query";

export function Pagination({ query, total, page, pageCount }: { query: DashboardQuery; total: number; page: number; pageCount: number }) {
  const from = total === 0 ? 0 : (page - 1) * query.size + 1;
  const to = Math.min(total, page * query.size);
  const disabled = "pointer-events-none opacity-40";
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 px-5 py-3 text-sm text-slate-600">
      <p data-testid="dashboard-range">
        {from}–{to} of {total} accounts · page {page} of {pageCount}
      </p>
      <div className="flex gap-2">
        <Link href={dashboardHref(query, { page: 1 })} className={`${buttonClass("secondary", "sm")} ${page <= 1 ? disabled : ""}`} aria-disabled={page <= 1} data-testid="page-first">First</Link>
        <Link href={dashboardHref(query, { page: page - 1 })} className={`${buttonClass("secondary", "sm")} ${page <= 1 ? disabled : ""}`} aria-disabled={page <= 1} data-testid="page-prev">Previous</Link>
        <Link href={dashboardHref(query, { page: page + 1 })} className={`${buttonClass("secondary", "sm")} ${page >= pageCount ? disabled : ""}`} aria-disabled={page >= pageCount} data-testid="page-next">Next</Link>
        <Link href={dashboardHref(query, { page: pageCount })} className={`${buttonClass("secondary", "sm")} ${page >= pageCount ? disabled : ""}`} aria-disabled={page >= pageCount} data-testid="page-last">Last</Link>
      </div>
    </nav>
  );
}
