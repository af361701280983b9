import Link from "next/link";
import { cn } from "@/components/ui/cn";
import type { DashboardQuery } from "@/lib/dashboard/dashboard-query";
import { dashboardHref } from "@/lib/dashboard/dashboard-query";
import type { DashboardSummary } from "@/lib/dashboard/types";
import { formatUtc } from "./format";

function Tile({ label, value, detail, href, tone = "slate", testId }: { label: string; value: React.ReactNode; detail?: React.ReactNode; href?: string; tone?: "slate" | "red" | "amber"; testId: string }) {
  const body = (
    <>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className={cn("mt-1 text-2xl font-semibold", tone === "red" ? "text-red-700" : tone === "amber" ? "text-amber-700" : "text-slate-900")} data-testid={`${testId}-value`}>
        {value}
      </p>
      {detail ? <p className="mt-1 truncate text-xs text-slate-500">{detail}</p> : null}
    </>
  );
  const className = "block rounded-xl bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200";
  return href ? (
    <Link href={href} className={cn(className, "hover:ring-brand-500")} data-testid={testId}>
      {body}
    </Link>
  ) : (
    <div className={className} data-testid={testId}>
      {body}
    </div>
  );
}

export function SummaryTiles({ summary, query }: { summary: DashboardSummary; query: DashboardQuery }) {
  const run = summary.lastRun;
  const base = { ...query, page: 1, q: "", connection: "" };
  return (
    <section aria-label="Summary" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <Tile label="Connections" value={summary.connections} testId="tile-connections" detail={<>{summary.accounts} target accounts</>} />
      <Tile
        label="Failing"
        value={summary.byStatus.failing}
        tone={summary.byStatus.failing > 0 ? "red" : "slate"}
        href={dashboardHref(base, { status: "failing" })}
        testId="tile-failing"
        detail={<>{summary.byStatus.passing} passing · {summary.byStatus.never} never tested</>}
      />
      <Tile label="Drift" value={summary.byStatus.drift} tone={summary.byStatus.drift > 0 ? "amber" : "slate"} href={dashboardHref(base, { status: "drift" })} testId="tile-drift" detail="Changed since the setup" />
      <Tile
        label="Last test run"
        value={run ? <span className="text-base">{run.status}</span> : <span className="text-base text-slate-500">none yet</span>}
        testId="tile-last-run"
        detail={run ? <>{formatUtc(run.at)}{run.connectionName ? <> · {run.connectionName}</> : null}</> : "Connection tests appear here"}
      />
    </section>
  );
}
