import Link from "next/link";
import { notFound } from "next/navigation";
import { DriftPanel } from "@/components/operate/drift-panel";
import { AccountsPanel } from "@/components/operate/accounts-panel";
import { DeletePanel } from "@/components/operate/delete-panel";
import { KeyRotationPanel } from "@/components/operate/key-rotation-panel";
import { SignInPanel } from "@/components/operate/sign-in-panel";
import { WebhookPanel } from "@/components/operate/webhook-panel";
import { ScheduledStatusBadge } from "@/components/notify/findings-list";
import { RunLog } from "@/components/operate/run-log";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireSession } from "@/lib/auth/session";
import { loadManagePage } from "@/lib/operate/load-manage-page";
import type { DeletionView } from "@/lib/operate/deletion-of";

export const dynamic = "force-dynamic";

export default async function ManageConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireSession("admin");
  const { id } = await params;
  const page = await loadManagePage(user, id);
  if (page.status === "missing") notFound();
  if (page.status === "deleted") return <DeletedConnection deletion={page.deletion} />;
  const { connection, drift } = page;
  return (
    <>
      <PageHeader
        title={`Manage ${connection.name}`}
        description={`Home account ${connection.homeAccountId}; collector ${connection.names.user}; role ${connection.names.role}.`}
        actions={
          <span className="flex items-center gap-2 text-sm">
            Latest scheduled check: <ScheduledStatusBadge status={page.scheduledStatus} testId="manage-scheduled-status" />
            <Link className="text-brand-700 underline underline-offset-2" href={`/schedule?connection=${id}`}>
              details
            </Link>
          </span>
        }
      />
      <div className="space-y-6">
        <SignInPanel connectionId={id} credentials={page.credentials} />
        <DriftPanel connectionId={id} homeAccountId={connection.homeAccountId} home={drift.home} accounts={drift.accounts} driftAt={drift.at} />
        <AccountsPanel connectionId={id} targetAccountIds={connection.targetAccountIds} />
        <KeyRotationPanel connectionId={id} accessKeyId={connection.accessKeyId} />
        <WebhookPanel connectionId={id} webhook={page.webhook} />
        <DeletePanel connectionId={id} name={connection.name} />
      </div>
    </>
  );
}

/**
 * A connection deleted from this page: say so (and keep showing the deletion's live log) rather than
 * "Page not found" — the page re-renders after the Delete action, often after the run already removed it.
 */
function DeletedConnection({ deletion }: { deletion: DeletionView }) {
  return (
    <>
      <PageHeader title={`${deletion.name} was deleted`} description={`Deleted by ${deletion.by} at ${deletion.at} UTC.`} />
      <Card data-testid="connection-deleted">
        <CardHeader title="Deletion" description={deletion.cleanupAws ? "The connection was removed and its AWS resources cleaned up as shown below." : "The connection was removed; everything in AWS was kept."} />
        <div className="space-y-4 px-5 py-4">
          {deletion.runId ? <RunLog runId={deletion.runId} testId="delete-run-log" /> : null}
          <Link href="/connections" className={buttonClass("secondary")} data-testid="back-to-connections">
            Back to connections
          </Link>
        </div>
      </Card>
    </>
  );
}
