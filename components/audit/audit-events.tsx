import Link from "next/link";
import type { AuditEventView } from "@/lib/audit";
import { AuditDiffView } from "./audit-diff-view";

const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/**
 * The filtered events, newest first. Each opens (a native <details>, no script needed) to its
 * before/after diff. `highlightSeq` marks the event the integrity check found broken.
 */
export function AuditEvents({ events, highlightSeq }: { events: AuditEventView[]; highlightSeq?: number }) {
  if (events.length === 0) {
    return <p className="border-t border-slate-100 px-5 py-8 text-center text-sm text-slate-500" data-testid="audit-empty">No event matches.</p>;
  }
  return (
    <ul className="divide-y divide-slate-100 border-t border-slate-100" data-testid="audit-list">
      {events.map((e) => (
        <li key={e.id} data-testid="audit-row" data-seq={e.seq} data-action={e.action} className={e.seq === highlightSeq ? "bg-red-50" : undefined}>
          <details className="group" open={e.seq === highlightSeq}>
            <summary className="grid cursor-pointer list-none gap-1 px-5 py-3 text-sm hover:bg-slate-50 sm:grid-cols-[4.5rem_13rem_1fr_auto] sm:gap-4" data-testid="audit-row-toggle">
              <span className="font-mono text-xs text-slate-600">#{e.seq}</span>
              <time dateTime={e.at} className="text-xs text-slate-500">{DATE.format(new Date(e.at))} UTC</time>
              <span className="min-w-0">
                <span className="font-medium text-slate-900">{e.action}</span>
                <span className="text-slate-600"> by {e.actorEmail ?? "system"}</span>
                {e.entityType ? (
                  <span className="text-slate-600">
                    {" "}on{" "}
                    {/* Plain text here: a link inside <summary> is a control inside a control (the filter link is in the detail). */}
                    <span className="font-medium text-slate-800" title={e.entityName && e.entityId ? `${e.entityType} id ${e.entityId}` : undefined} data-testid="audit-entity">
                      {e.entityType}
                      {e.entityName ? ` “${e.entityName}”` : e.entityId ? ` ${e.entityId}` : ""}
                    </span>
                  </span>
                ) : null}
                {e.ip ? <span className="text-slate-600"> from {e.ip}</span> : null}
              </span>
              <span className="text-xs text-brand-700 group-open:hidden" aria-hidden="true">{e.before || e.after ? "show changes" : "details"}</span>
            </summary>
            <div className="space-y-2 px-5 pb-4 sm:pl-[6.5rem]" data-testid="audit-row-details">
              <AuditDiffView before={e.before} after={e.after} />
              <p className="text-xs text-slate-600">
                Event id <span className="font-mono">{e.id}</span>
                {e.entityName && e.entityId ? (
                  <>
                    {" "}· {e.entityType} id <span className="font-mono" data-testid="audit-entity-id">{e.entityId}</span>
                  </>
                ) : null}
                {e.entityType ? (
                  <>
                    {" "}·{" "}
                    <Link
                      href={`/audit?entityType=${encodeURIComponent(e.entityType)}${e.entityId ? `&entityId=${encodeURIComponent(e.entityId)}` : ""}`}
                      className="text-brand-700 underline hover:no-underline"
                      data-testid="audit-entity-filter"
                    >
                      All events on this {e.entityType.toLowerCase()}
                    </Link>
                  </>
                ) : null}
              </p>
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
