import type { Finding } from "@/lib/model/types";
import { Badge } from "@/components/ui/badge";

/** Drift or lint findings, each with its fix (the "what to do" is the point of showing them). */
export function FindingsList({ findings, testId }: { findings: Finding[]; testId?: string }) {
  if (findings.length === 0) return null;
  return (
    <ul className="space-y-2" data-testid={testId}>
      {findings.map((f, i) => (
        <li key={`${f.rule}-${f.accountId ?? ""}-${i}`} className="rounded-md bg-slate-50 px-3 py-2 text-sm ring-1 ring-inset ring-slate-200" data-testid={`finding-${f.rule}`}>
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={f.severity === "error" ? "red" : f.severity === "warning" ? "amber" : "slate"}>{f.severity}</Badge>
            <code className="text-xs text-slate-600">{f.rule}</code>
            <span className="text-xs text-slate-500">procedure step {f.step}</span>
          </div>
          <p className="mt-1 text-slate-800">{f.message}</p>
          <p className="mt-1 text-slate-600" data-testid="finding-fix">
            <span className="font-medium">Fix: </span>
            {f.fix}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function ScheduledStatusBadge({ status, testId }: { status: string | null; testId?: string }) {
  if (status === "passed") return <Badge tone="green" testId={testId}>passed</Badge>;
  if (status === "failed") return <Badge tone="red" testId={testId}>failed</Badge>;
  if (status === "drift") return <Badge tone="amber" testId={testId}>drift</Badge>;
  return <Badge testId={testId}>not checked yet</Badge>;
}
