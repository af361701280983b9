import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireSession } from "@/lib/auth/session";
import { listConnectionOverviews } from "@/lib/setup/connection-details-overview";

export const metadata = { title: "Connections" };

export default async function ConnectionsPage() {
  const user = await requireSession("reviewer");
  const isAdmin = user.role === "admin";
  const connections = await listConnectionOverviews();
  return (
    <>
      <PageHeader
        title="Connections"
        description="Each connection is one home account with its collector user and the target accounts it inventories."
        actions={isAdmin ? <Link href="/connections/new" className={buttonClass()} data-testid="connections-new">New connection</Link> : null}
      />
      {connections.length === 0 ? (
        <EmptyState
          testId="connections-empty"
          title="No connections yet"
          description={isAdmin ? "Create a connection to set up the IAM access the beacon needs." : "An administrator has not configured a connection yet."}
        />
      ) : (
        <Card>
          <ul className="divide-y divide-slate-100" data-testid="connections-list">
            {connections.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-5" data-testid={`connection-row-${c.id}`}>
                <div className="min-w-0 flex-1">
                  <Link href={`/connections/${c.id}`} className="font-medium text-slate-900 hover:text-brand-700" data-testid="connection-link">
                    {c.name}
                  </Link>
                  <p className="mt-0.5 text-xs text-slate-500">
                    {c.homeAccountId ? `Home ${c.homeAccountId} · ` : ""}
                    {c.accounts} target account{c.accounts === 1 ? "" : "s"}
                    {c.accountsFailing ? ` · ${c.accountsFailing} failing` : ""}
                    {c.lastTestAt ? ` · tested ${new Date(c.lastTestAt).toLocaleString()}` : ""}
                  </p>
                </div>
                <Badge tone={c.status === "saved" ? "green" : "slate"} testId="connection-status">
                  {c.status === "saved" ? "Saved" : "Draft"}
                </Badge>
                <Badge tone={c.lastTestStatus === "passed" ? "green" : c.lastTestStatus === "failed" ? "red" : "slate"} testId="connection-test-status">
                  {c.lastTestStatus === "passed" ? "Test passed" : c.lastTestStatus === "failed" ? "Test failed" : "Not tested"}
                </Badge>
                <span className="flex flex-wrap gap-2">
                  <Link href={`/connections/${c.id}/map`} className={buttonClass("secondary", "sm")} data-testid="connection-map">
                    Access map
                  </Link>
                  {isAdmin && c.status === "saved" ? (
                    <Link href={`/connections/${c.id}/manage`} className={buttonClass("secondary", "sm")} data-testid="connection-manage">
                      Manage
                    </Link>
                  ) : null}
                  {isAdmin && c.status === "draft" ? (
                    <Link href={`/connections/${c.id}/setup`} className={buttonClass("secondary", "sm")} data-testid="connection-continue">
                      Continue setup
                    </Link>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
