import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { sortHref, type DashboardQuery, type DashboardSort } from "@/lib/dashboard/dashboard-query";
import type { DashboardRow } from "@/lib/dashboard/types";
import { formatUtc } from "./format";
import { StatusBadge } from "./status-badge";

function SortLink({ query, sort, children }: { query: DashboardQuery; sort: DashboardSort; children: React.ReactNode }) {
  const active = query.sort === sort;
  return (
    <Link href={sortHref(query, sort)} className="inline-flex items-center gap-1 hover:text-brand-700" data-testid={`sort-${sort}`}>
      {children}
      <span aria-hidden="true" className={active ? "text-brand-600" : "text-slate-300"}>{active && query.dir === "desc" ? "▼" : "▲"}</span>
    </Link>
  );
}

/** A sortable column header; `secondary` adds a second sort key shown in the same column. */
function SortHeader({ query, sort, secondary, children, className }: { query: DashboardQuery; sort: DashboardSort; secondary?: { sort: DashboardSort; label: string }; children: React.ReactNode; className?: string }) {
  const activeSort = query.sort === sort || query.sort === secondary?.sort;
  return (
    <th scope="col" className={cn("px-3 py-2 text-left font-medium", className)} aria-sort={activeSort ? (query.dir === "asc" ? "ascending" : "descending") : "none"}>
      <SortLink query={query} sort={sort}>{children}</SortLink>
      {secondary ? (
        <>
          <span className="text-slate-500"> · </span>
          <SortLink query={query} sort={secondary.sort}>{secondary.label}</SortLink>
        </>
      ) : null}
    </th>
  );
}

/** A label shown only where the table collapses into cards (phones). */
function CellLabel({ children }: { children: React.ReactNode }) {
  return <span className="mr-2 text-xs font-medium text-slate-500 md:hidden">{children}</span>;
}

function Inventory({ row }: { row: DashboardRow }) {
  const inv = row.inventory;
  if (!inv) return <span className="text-slate-500">—</span>;
  return (
    <span className="inline-flex flex-wrap gap-x-2 font-mono text-xs text-slate-700" title="EC2 instances / dedicated hosts / reserved instances / Oracle RDS instances" data-testid="account-inventory">
      <span className="whitespace-nowrap">{inv.instances ?? "unknown"} inst</span>
      <span className="whitespace-nowrap">{inv.hosts ?? "unknown"} hosts</span>
      <span className="whitespace-nowrap">{inv.reservedInstances ?? "unknown"} RI</span>
      <span className="whitespace-nowrap">{inv.oracleRds ?? "unknown"} Oracle RDS</span>
    </span>
  );
}

function Problems({ row }: { row: DashboardRow }) {
  if (row.status === "failing" || row.drift.length > 0) {
    return (
      <div className="space-y-2">
        {row.status === "failing" ? (
          <div data-testid="account-reason">
            <p className="text-red-800">{row.reason ?? "The last connection test failed."}</p>
            {row.fix ? <p className="mt-0.5 text-slate-600"><span className="font-medium text-slate-700">Fix: </span>{row.fix}</p> : null}
          </div>
        ) : null}
        {row.drift.map((f, i) => (
          <div key={`${f.rule}-${i}`} data-testid="account-drift" data-rule={f.rule}>
            <p className="text-amber-900">
              <span className="font-medium">Drift (step {f.step}): </span>
              {f.message}
            </p>
            {f.fix ? <p className="mt-0.5 text-slate-600"><span className="font-medium text-slate-700">Fix: </span>{f.fix}</p> : null}
          </div>
        ))}
      </div>
    );
  }
  // Phones show no empty "reason" line; the table keeps a dash so the column reads as empty, not missing.
  return <span className="hidden text-slate-500 md:inline">—</span>;
}

/**
 * Every target account of the current page. A table from 768 px; below, each row stacks into a card
 * with inline labels (the header row is hidden there, so cells carry their own).
 */
export function AccountsTable({ rows, query }: { rows: DashboardRow[]; query: DashboardQuery }) {
  return (
    <table className="block w-full text-sm md:table" data-testid="accounts-table">
      <caption className="sr-only">Target accounts, sorted by {query.sort} {query.dir === "asc" ? "ascending" : "descending"}</caption>
      <thead className="hidden border-b border-slate-200 bg-slate-50 text-xs text-slate-600 md:table-header-group">
        <tr>
          <SortHeader query={query} sort="connection" className="pl-5">Connection</SortHeader>
          <SortHeader query={query} sort="account">Account</SortHeader>
          <th scope="col" className="px-3 py-2 text-left font-medium">Role · external ID</th>
          <SortHeader query={query} sort="status" secondary={{ sort: "lastTest", label: "last test" }}>Status</SortHeader>
          <th scope="col" className="px-3 py-2 text-left font-medium">Reason and fix</th>
          <th scope="col" className="px-3 py-2 pr-5 text-left font-medium">Beacon will see</th>
        </tr>
      </thead>
      <tbody className="block divide-y divide-slate-100 md:table-row-group">
        {rows.map((row) => (
          <tr key={row.id} className="block px-5 py-3 align-top md:table-row md:p-0" data-testid="account-row" data-account={row.accountId} data-status={row.status}>
            <td className="block py-0.5 md:table-cell md:py-3 md:pl-5 md:pr-3">
              <CellLabel>Connection</CellLabel>
              <Link href={`/connections/${row.connectionId}`} className="font-medium text-brand-700 hover:underline">{row.connectionName}</Link>
              {row.connectionStatus === "draft" ? <span className="ml-1 text-xs text-slate-500">(draft)</span> : null}
              <Link href={`/connections/${row.connectionId}/map`} className="ml-2 text-xs text-slate-500 hover:text-brand-700 hover:underline" data-testid="account-map-link">map</Link>
            </td>
            <td className="block py-0.5 md:table-cell md:px-3 md:py-3">
              <CellLabel>Account</CellLabel>
              <span className="font-mono" data-testid="account-id">{row.accountId}</span>
              {row.accountName ? <span className="block text-xs text-slate-500">{row.accountName}</span> : null}
            </td>
            <td className="block py-0.5 md:table-cell md:min-w-36 md:px-3 md:py-3">
              <CellLabel>Role</CellLabel>
              <span className="break-words" title={row.roleArn}>{row.roleName}</span>
              <span className="block font-mono text-xs text-slate-500 [overflow-wrap:anywhere]" data-testid="account-external-id">
                {row.externalId === null ? "no external ID" : `ext. ID ${row.externalId}`}
              </span>
            </td>
            <td className="block py-0.5 md:table-cell md:w-32 md:px-3 md:py-3">
              <CellLabel>Status</CellLabel>
              <StatusBadge status={row.status} testId="account-status" />
              <span className="ml-2 text-xs text-slate-500 md:ml-0 md:mt-1 md:block" data-testid="account-last-test">{row.lastTestAt ? formatUtc(row.lastTestAt) : "never"}</span>
            </td>
            <td className="block py-0.5 [overflow-wrap:anywhere] md:table-cell md:min-w-52 md:px-3 md:py-3">
              <Problems row={row} />
            </td>
            <td className="block py-0.5 md:table-cell md:min-w-28 md:px-3 md:py-3 md:pr-5">
              <CellLabel>Beacon will see</CellLabel>
              <Inventory row={row} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
