import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireSession } from "@/lib/auth/session";

export const metadata = { title: "Connections" };

export default async function ConnectionsPage() {
  const user = await requireSession("reviewer");
  const isAdmin = user.role === "admin";
  return (
    <>
      <PageHeader title="Connections" description="Each connection is one home account with its collector user and the target accounts it inventories." />
      <EmptyState
        testId="connections-empty"
        title="No connections yet"
        description={isAdmin ? "Create a connection to set up the IAM access the beacon needs." : "An administrator has not configured a connection yet."}
        action={isAdmin ? <Link href="/connections/new" className={buttonClass()}>New connection</Link> : null}
      />
    </>
  );
}
