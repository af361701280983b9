import { Badge } from "@/components/ui/badge";
import { STATUS_LABEL, STATUS_TONE, type AccountStatus } from "@/lib/dashboard/account-status";

export function StatusBadge({ status, testId }: { status: AccountStatus; testId?: string }) {
  return (
    <Badge tone={STATUS_TONE[status]} testId={testId}>
      <span aria-hidden="true" className="mr-1">{status === "failing" ? "✕" : status === "drift" ? "!" : status === "passing" ? "✓" : "○"}</span>
      {STATUS_LABEL[status]}
    </Badge>
  );
}
