import Link from "next/link";
import { notFound } from "next/navigation";
import { AccountsPanel, DeletePanel, KeyRotationPanel, SignInPanel, WebhookPanel } from "@/components/operate/manage-panels";
import { ScheduledStatusBadge } from "@/components/notify/findings-list";
import { PageHeader } from "@/components/ui/page-header";
import { requireSession } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { loadSavedConnection } from "@/lib/operate/admin-access";
import { sessionCredentialsStatus } from "@/lib/setup/session-credentials";

export const dynamic = "force-dynamic";

export default async function ManageConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireSession("admin");
  const { id } = await params;
  let connection;
  try {
    connection = await loadSavedConnection(id);
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "CONFLICT")) notFound();
    throw error;
  }
  const [credentials, row] = await Promise.all([
    sessionCredentialsStatus(user.sessionId, id),
    getDb().connection.findUniqueOrThrow({ where: { id }, omit: { webhookSecretSealed: false } }),
  ]);
  return (
    <>
      <PageHeader
        title={`Manage ${connection.name}`}
        description={`Home account ${connection.model.homeAccountId}; collector ${connection.model.names.user}; role ${connection.model.names.role}.`}
        actions={
          <span className="flex items-center gap-2 text-sm">
            Latest scheduled check: <ScheduledStatusBadge status={row.scheduledStatus} testId="manage-scheduled-status" />
            <Link className="text-brand-700 underline underline-offset-2" href={`/schedule?connection=${id}`}>
              details
            </Link>
          </span>
        }
      />
      <div className="space-y-6">
        <SignInPanel connectionId={id} credentials={credentials} />
        <AccountsPanel connectionId={id} targetAccountIds={connection.model.targetAccountIds} />
        <KeyRotationPanel connectionId={id} accessKeyId={connection.accessKeyId} />
        <WebhookPanel connectionId={id} webhook={{ url: row.webhookUrl, signed: row.webhookSecretSealed !== null, lastStatus: row.webhookLastStatus }} />
        <DeletePanel connectionId={id} name={connection.name} />
      </div>
    </>
  );
}
