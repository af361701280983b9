import { diffAuditValues } from "@/lib/audit/audit-diff";

const KIND = {
  added: { label: "added", className: "text-emerald-700" },
  removed: { label: "removed", className: "text-red-700" },
  changed: { label: "changed", className: "text-amber-800" },
} as const;

/** Field-by-field before/after of one event (values redacted again, see lib/audit/audit-diff.ts). */
export function AuditDiffView({ before, after }: { before: string | null; after: string | null }) {
  const { changes, omitted } = diffAuditValues(before, after);
  if (changes.length === 0) {
    return (
      <p className="text-xs text-slate-500" data-testid="audit-diff-none">
        {before || after ? "Recorded before and after values are identical." : "No values were recorded with this event."}
      </p>
    );
  }
  return (
    // Focusable and named: a keyboard must be able to scroll the table sideways on a narrow screen.
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Changes (scrolls sideways)">
      <table className="w-full text-left text-xs" data-testid="audit-diff">
        <thead className="text-slate-500">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">Field</th>
            <th scope="col" className="py-1 pr-3 font-medium">Change</th>
            <th scope="col" className="py-1 pr-3 font-medium">Before</th>
            <th scope="col" className="py-1 font-medium">After</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 font-mono">
          {changes.map((c) => (
            <tr key={c.path} data-testid="audit-diff-row" data-path={c.path} data-kind={c.kind}>
              <td className="py-1 pr-3 align-top text-slate-800">{c.path}</td>
              <td className={`py-1 pr-3 align-top font-sans ${KIND[c.kind].className}`}>{KIND[c.kind].label}</td>
              <td className="py-1 pr-3 align-top text-slate-500 line-through decoration-red-300 [overflow-wrap:anywhere]">{c.before ?? ""}</td>
              <td className="py-1 align-top text-slate-900 [overflow-wrap:anywhere]">{c.after ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {omitted > 0 ? <p className="mt-1 text-xs text-slate-500">…and {omitted} more fields (export the CSV for the full values).</p> : null}
    </div>
  );
}
