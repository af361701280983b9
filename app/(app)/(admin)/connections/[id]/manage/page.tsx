import Link from "next/link";
import { notFound } from "next/navigation";
import { DriftPanel } from "@/components/operate/drift-panel";
import { AccountsPanel, DeletePanel, KeyRotationPanel, SignInPanel, WebhookPanel } from "@/components/operate/manage-panels";
import { ScheduledStatusBadge } from "@/components/notify/findings-list";
import { RunLog } from "@/components/operate/run-log";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireSession } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { parseFindings } from "@/lib/drift/parse-findings";
import { AppError } from "@/lib/errors";
import { loadSavedConnection } from "@/lib/connections/admin-access";
import { sessionCredentialsStatus } from "@/lib/connections/session-credentials";

export const dynamic = "force-dynamic";

export default async function ManageConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireSession("admin");
  const { id } = await params;
  let connection;
  try {
    connection = await loadSavedConnection(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return <DeletedConnection id={id} />;
    if (error instanceof AppError && error.code === "CONFLICT") notFound();
    throw error;
  }
  const [credentials, row, troubled] = await Promise.all([
    sessionCredentialsStatus(user.sessionId, id),
    getDb().connection.findUniqueOrThrow({ where: { id }, omit: { webhookSecretSealed: false } }),
    getDb().targetAccount.findMany({
      where: { connectionId: id, OR: [{ driftFindings: { not: null } }, { lastTestStatus: "failed" }] },
      select: { accountId: true, lastTestStatus: true, lastTestReason: true, driftFindings: true, accessMethod: true },
      orderBy: { accountId: "asc" },
    }),
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
        <DriftPanel
          connectionId={id}
          homeAccountId={connection.model.homeAccountId}
          home={parseFindings(row.driftFindings)}
          accounts={troubled.map((t) => ({ accountId: t.accountId, failing: t.lastTestStatus === "failed", reason: t.lastTestReason, findings: parseFindings(t.driftFindings), accessMethod: t.accessMethod }))}
          driftAt={row.driftAt?.toISOString() ?? null}
        />
        <AccountsPanel connectionId={id} targetAccountIds={connection.model.targetAccountIds} />
        <KeyRotationPanel connectionId={id} accessKeyId={connection.accessKeyId} />
        <WebhookPanel connectionId={id} webhook={{ url: row.webhookUrl, signed: row.webhookSecretSealed !== null, lastStatus: row.webhookLastStatus }} />
        <DeletePanel connectionId={id} name={connection.name} />
      </div>
    </>
  );
}

/**
 * A connection deleted from this page: say so (and keep showing the deletion's live log) rather than
 * "Page not found" — the page re-renders after the Delete action, often after the run already removed it.
 */
async function DeletedConnection({ id }: { id: string }) {
  const event = await getDb().auditEvent.findFirst({ where: { action: "connection.delete", entityType: "Connection", entityId: id }, orderBy: { seq: "desc" } });
  if (!event) notFound();
  const before = parseJson(event.before);
  const after = parseJson(event.after);
  const name = typeof before.name === "string" ? before.name : "This connection";
  const runId = typeof after.runId === "string" ? after.runId : null;
  return (
    <>
      <PageHeader title={`${name} was deleted`} description={`Deleted by ${event.actorEmail ?? "an administrator"} at ${event.at.toISOString().replace("T", " ").slice(0, 16)} UTC.`} />
      <Card data-testid="connection-deleted">
        <CardHeader title="Deletion" description={after.cleanupAws === true ? "The connection was removed and its AWS resources cleaned up as shown below." : "The connection was removed; everything in AWS was kept."} />
        <div className="space-y-4 px-5 py-4">
          {runId ? <RunLog runId={runId} testId="delete-run-log" /> : null}
          <Link href="/connections" className={buttonClass("secondary")} data-testid="back-to-connections">
            Back to connections
          </Link>
        </div>
      </Card>
    </>
  );
}

function parseJson(text: string | null): Record<string, unknown> {
  try {
    const value: unknown = text ? JSON.parse(text) : null;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
