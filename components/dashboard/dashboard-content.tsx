import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { DashboardData } from "@/lib/dashboard/types";
import { AccountsTable } from "./accounts-table";
import { DashboardFilters } from "./dashboard-filters";
import { Pagination } from "./pagination";
import { SummaryTiles } from "./summary-tiles";

/**
 * Everything the dashboard shows below its header, from already-loaded data: synchronous and free of
 * request state, so the benchmark renders exactly this tree.
 */
export function DashboardContent({ data }: { data: DashboardData }) {
  const isAdmin = data.viewerRole === "admin";
  if (data.summary.connections === 0) {
    return (
      <EmptyState
        testId="dashboard-empty"
        title="No connections yet"
        description={
          isAdmin
            ? "Create one: Beaconport walks you through the IAM policies, the role in each target account and the collector user, then tests the connection."
            : "No connection has been configured yet. An administrator can create one; you will then see its health here."
        }
        action={isAdmin ? <Link href="/connections/new" className={buttonClass()} data-testid="dashboard-empty-new">Create a connection</Link> : null}
      />
    );
  }
  return (
    <div className="space-y-6">
      <SummaryTiles summary={data.summary} query={data.query} />
      <Card>
        <CardHeader title="Target accounts" description="Every account the beacon inventories, across connections, with its latest connection test." />
        <DashboardFilters query={data.query} connections={data.connections} />
        {data.rows.length === 0 ? (
          <p className="border-t border-slate-100 px-5 py-8 text-center text-sm text-slate-500" data-testid="dashboard-no-match">
            No account matches these filters. <Link href="/" className="text-brand-700 hover:underline">Clear the filters</Link>
          </p>
        ) : (
          <div className="border-t border-slate-100 md:overflow-x-auto" tabIndex={0} role="region" aria-label="Accounts (scrolls sideways on a narrow screen)">
            <AccountsTable rows={data.rows} query={data.query} />
          </div>
        )}
        <Pagination query={data.query} total={data.total} page={data.page} pageCount={data.pageCount} />
      </Card>
    </div>
  );
}
