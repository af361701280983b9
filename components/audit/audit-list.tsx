import type { AuditEventView } from "@/lib/audit";

function describe(json: string | null): string {
  if (!json) return "";
  return json.length > 160 ? json.slice(0, 157) + "…" : json;
}

const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** Audit events as a responsive list: a table on wide screens, stacked rows on phones. */
export function AuditList({ events, compact = false }: { events: AuditEventView[]; compact?: boolean }) {
  if (events.length === 0) {
    return <p className="px-5 py-6 text-sm text-slate-500" data-testid="audit-empty">No events recorded yet.</p>;
  }
  return (
    <ul className="divide-y divide-slate-100" data-testid="audit-list">
      {events.map((e) => (
        <li key={e.id} className="grid gap-1 px-5 py-3 text-sm sm:grid-cols-[5rem_12rem_1fr] sm:gap-4" data-testid="audit-row" data-action={e.action}>
          <span className="font-mono text-xs text-slate-400">#{e.seq}</span>
          <time dateTime={e.at} className="text-xs text-slate-500">{DATE.format(new Date(e.at))} UTC</time>
          <div className="min-w-0">
            <p>
              <span className="font-medium text-slate-900">{e.action}</span>
              <span className="text-slate-500"> by {e.actorEmail ?? "system"}</span>
              {e.ip ? <span className="text-slate-400"> from {e.ip}</span> : null}
            </p>
            {!compact && (e.before || e.after) ? (
              <p className="mt-1 break-all font-mono text-xs text-slate-500">
                {e.before ? <>before {describe(e.before)} </> : null}
                {e.after ? <>after {describe(e.after)}</> : null}
              </p>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
