import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { DashboardContent } from "@/components/dashboard/dashboard-content";
import { requireSession } from "@/lib/auth/session";
import { parseDashboardQuery } from "@/lib/dashboard/dashboard-query";
import { loadDashboard } from "@/lib/dashboard/load-dashboard";

export const metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireSession("reviewer");
  const data = await loadDashboard(parseDashboardQuery(await searchParams), user);
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Every target account the FlexNet Beacon collects from, whether it can still reach it, and what it will see."
        actions={data.viewerRole === "admin" ? <Link href="/connections/new" className={buttonClass()} data-testid="dashboard-new-connection">New connection</Link> : null}
      />
      <DashboardContent data={data} />
    </>
  );
}
