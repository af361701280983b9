import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import type { AuditFilter } from "@/lib/audit/audit-filter";

const INPUT = "mt-1 block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500";

/** A GET form: the filter becomes the URL, so it can be shared and the CSV export can reuse it. */
export function AuditFilters({ filter, actions, entityTypes }: { filter: AuditFilter; actions: string[]; entityTypes: string[] }) {
  return (
    <form method="get" action="/audit" role="search" aria-label="Filter the audit trail" className="grid gap-3 px-5 py-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6" data-testid="audit-filters">
      <label className="block">
        <span className="text-xs font-medium text-slate-600">Entity type</span>
        <select name="entityType" defaultValue={filter.entityType} className={INPUT} data-testid="audit-filter-entity-type">
          <option value="">Any</option>
          {entityTypes.map((t) => (
            <option key={t} value={t}>{t}</option>
          ))}
        </select>
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">Entity id</span>
        <input name="entityId" defaultValue={filter.entityId} className={INPUT} data-testid="audit-filter-entity-id" />
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">Actor</span>
        <input name="actor" defaultValue={filter.actor} placeholder="email or user id" className={INPUT} data-testid="audit-filter-actor" />
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">Action</span>
        <input name="action" defaultValue={filter.action} list="audit-actions" placeholder="e.g. connection.* " className={INPUT} data-testid="audit-filter-action" />
        <datalist id="audit-actions">
          {actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">From (UTC)</span>
        <input type="datetime-local" name="from" defaultValue={filter.from.length === 10 ? `${filter.from}T00:00` : filter.from} className={INPUT} data-testid="audit-filter-from" />
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">To (UTC)</span>
        <input type="datetime-local" name="to" defaultValue={filter.to.length === 10 ? `${filter.to}T23:59` : filter.to} className={INPUT} data-testid="audit-filter-to" />
      </label>
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-3 xl:col-span-6">
        <button type="submit" className={buttonClass()} data-testid="audit-filter-apply">Apply filters</button>
        <Link href="/audit" className={buttonClass("ghost")} data-testid="audit-filter-reset">Reset</Link>
      </div>
    </form>
  );
}
