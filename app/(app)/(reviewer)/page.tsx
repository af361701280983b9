import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AuditList } from "@/components/audit/audit-list";
import { listAuditEvents } from "@/lib/audit";
import { requireSession } from "@/lib/auth/session";

export const metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireSession("reviewer");
  const recent = await listAuditEvents({ limit: 5 });
  const isAdmin = user.role === "admin";
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Health of the AWS connections your FlexNet Beacon uses for Direct inventory collection."
        actions={isAdmin ? <Link href="/connections/new" className={buttonClass()} data-testid="dashboard-new-connection">New connection</Link> : null}
      />
      <EmptyState
        testId="dashboard-empty"
        title="No connections yet"
        description={
          isAdmin
            ? "Create one: Beaconport walks you through the IAM policies, the role in each target account and the collector user, then tests the connection."
            : "No connection has been configured yet. An administrator can create one; you will then see its health here."
        }
        action={isAdmin ? <Link href="/connections/new" className={buttonClass()}>Create a connection</Link> : null}
      />
      <Card className="mt-6">
        <CardHeader title="Recent activity" description="The latest entries of the audit trail." actions={<Link href="/audit" className={buttonClass("ghost", "sm")}>View all</Link>} />
        <AuditList events={recent} compact />
      </Card>
    </>
  );
}
