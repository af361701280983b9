import { AuditList } from "@/components/audit/audit-list";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEvents, verifyAuditChain } from "@/lib/audit";
import { requireSession } from "@/lib/auth/session";

export const metadata = { title: "Audit trail" };

export default async function AuditPage() {
  await requireSession("reviewer");
  const [events, verdict] = await Promise.all([listAuditEvents({ limit: 200 }), verifyAuditChain()]);
  return (
    <>
      <PageHeader title="Audit trail" description="Every change and sign-in, append-only. Each entry carries a hash of the one before it, so any edit or deletion is detected." />
      <Card>
        <CardHeader
          title="Events"
          description="The 200 most recent entries, newest first. Secrets are never recorded."
          actions={
            verdict.ok ? (
              <Badge tone="green" testId="audit-integrity">Chain verified · {verdict.count} events</Badge>
            ) : (
              <Badge tone="red" testId="audit-integrity">Chain broken at #{verdict.brokenAt.seq}: {verdict.reason}</Badge>
            )
          }
        />
        <AuditList events={events} />
      </Card>
    </>
  );
}
