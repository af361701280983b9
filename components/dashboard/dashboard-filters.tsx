"use client";
import Link from "next/link";
import { useSyncExternalStore } from "react";
import { buttonClass } from "@/components/ui/button";
import { ACCOUNT_STATUSES, STATUS_LABEL } from "@/lib/dashboard/account-status";
import { DEFAULT_QUERY, PAGE_SIZES, type DashboardQuery } from "@/lib/dashboard/dashboard-query";

const INPUT = "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500";

/**
 * Submits like the plain form would, minus the fields left at their default, so shared links stay
 * short. (Navigating ourselves rather than disabling fields: a page restored by the back button
 * would otherwise come back with disabled fields.)
 */
function submitWithoutDefaults(e: React.FormEvent<HTMLFormElement>): void {
  e.preventDefault();
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(e.currentTarget)) {
    if (typeof value !== "string" || value === "" || value === String(DEFAULT_QUERY[name as keyof DashboardQuery])) continue;
    params.set(name, value);
  }
  const text = params.toString();
  window.location.assign(text ? `/?${text}` : "/");
}

const noopSubscribe = () => () => {};

/**
 * A plain GET form: the filters become the URL (shareable, back button works) and work without
 * JavaScript; with it, a changed select applies at once. Sort and direction ride along as hidden fields.
 */
export function DashboardFilters({ query, connections }: { query: DashboardQuery; connections: { id: string; name: string }[] }) {
  const applyNow = (e: React.ChangeEvent<HTMLSelectElement>) => e.currentTarget.form?.requestSubmit();
  // False in the server render, true once hydrated (tests wait for it before relying on the handlers).
  const hydrated = useSyncExternalStore(noopSubscribe, () => true, () => false);
  return (
    <form method="get" action="/" role="search" aria-label="Filter accounts" onSubmit={submitWithoutDefaults} data-hydrated={hydrated} className="grid gap-3 px-5 py-4 sm:grid-cols-2 lg:grid-cols-[minmax(12rem,2fr)_1fr_1fr_auto_auto]" data-testid="dashboard-filters">
      <label className="block">
        <span className="text-xs font-medium text-slate-600">Search</span>
        <input type="search" name="q" defaultValue={query.q} placeholder="Account id, name or connection" className={`mt-1 ${INPUT}`} data-testid="dashboard-search" />
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">Status</span>
        <select name="status" defaultValue={query.status} className={`mt-1 ${INPUT}`} onChange={applyNow} data-testid="dashboard-status">
          <option value="all">All statuses</option>
          {ACCOUNT_STATUSES.map((s) => (
            <option key={s} value={s}>{STATUS_LABEL[s]}</option>
          ))}
        </select>
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">Connection</span>
        <select name="connection" defaultValue={query.connection} className={`mt-1 ${INPUT}`} onChange={applyNow} data-testid="dashboard-connection">
          <option value="">All connections</option>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>{c.name}</option>
          ))}
        </select>
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">Per page</span>
        <select name="size" defaultValue={String(query.size)} className={`mt-1 ${INPUT}`} onChange={applyNow} data-testid="dashboard-size">
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>{n}</option>
          ))}
        </select>
      </label>
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <div className="flex items-end gap-2">
        <button type="submit" className={buttonClass("primary")} data-testid="dashboard-apply">Apply</button>
        <Link href="/" className={buttonClass("ghost")} data-testid="dashboard-reset">Reset</Link>
      </div>
    </form>
  );
}
