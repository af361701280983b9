import Link from "next/link";
import { Step8DetailsDownload } from "@/components/setup/steps/step-8-details-download";
import { TestResults } from "@/components/setup/steps/step-8-test-results";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireSession } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { roleArn } from "@/lib/policies";
import { getRun, latestRunId } from "@/lib/runs";
import { getConnectionView } from "@/lib/connections/repository";
import { CONNECTION_TEST_RUN, countText, type InventoryCounts } from "@/lib/connections/test-summary";
import { describeInterval } from "@/lib/connections/schedule-rules";
import { DEFAULT_NAMES } from "@/lib/model";
import { stepRef } from "@/lib/setup/steps";

export const metadata = { title: "Connection" };

function counts(inventory: unknown): InventoryCounts | null {
  if (!inventory || typeof inventory !== "object") return null;
  const i = inventory as Partial<InventoryCounts>;
  // A count is null when its check failed (unknown): the other counts still show.
  return typeof i.instances === "number" || i.instances === null ? (i as InventoryCounts) : null;
}

function plural(n: number | null, word: string): string {
  return n === null ? `unknown ${word}s` : `${n} ${word}${n === 1 ? "" : "s"}`;
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "—";
}

/** Read-only status of one connection: reviewers see results, never secrets, and no button that changes anything. */
export default async function ConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireSession("reviewer");
  const { id } = await params;
  const connection = await getConnectionView(id, user).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!connection) {
    return (
      <EmptyState
        testId="connection-not-found"
        title="This connection does not exist"
        description="It may have been deleted. The Connections page lists every connection."
        action={<Link href="/connections" className={buttonClass("secondary")}>All connections</Link>}
      />
    );
  }
  const isAdmin = connection.viewerRole === "admin";
  const runId = await latestRunId(connection.id, CONNECTION_TEST_RUN.id);
  const latestRun = runId ? await getRun(runId) : null;
  const names = { ...DEFAULT_NAMES, ...(connection.model.names ?? {}) };
  const rolePath = connection.model.rolePath ?? "/";
  return (
    <>
      <PageHeader
        title={connection.name}
        description="Amazon Web Services · Direct adapter. What the beacon is set up to collect, and the latest connection test."
        actions={
          <>
            <Link href={`/connections/${connection.id}/map`} className={buttonClass("secondary")} data-testid="connection-open-map">
              Access map
            </Link>
            {/* Manage (safe changes, webhook, delete) exists for saved connections; a draft continues in setup. */}
            {isAdmin && connection.status === "saved" ? (
              <Link href={`/connections/${connection.id}/manage`} className={buttonClass()} data-testid="connection-open-manage">
                Manage
              </Link>
            ) : null}
            {isAdmin ? <Link href={`/connections/${connection.id}/setup`} className={buttonClass("secondary")} data-testid="connection-open-setup">Open setup</Link> : null}
          </>
        }
      />
      <div className="space-y-6" data-testid="connection-view">
        <Card>
          <CardHeader title="Connection" />
          <dl className="grid gap-x-6 gap-y-3 px-5 py-4 text-sm sm:grid-cols-2 lg:grid-cols-3">
            <Item label="Status" testId="view-status">
              <Badge tone={connection.status === "saved" ? "green" : "slate"}>{connection.status === "saved" ? "Saved" : "Draft"}</Badge>
            </Item>
            <Item label="Last test" testId="view-last-test">
              {connection.lastTestStatus ? <Badge tone={connection.lastTestStatus === "passed" ? "green" : "red"}>{connection.lastTestStatus}</Badge> : <span className="text-slate-700">Never tested</span>}
              <span className="ml-2 text-xs text-slate-500">{connection.lastTestAt ? when(connection.lastTestAt) : ""}</span>
            </Item>
            <Item label="Home account">{connection.model.homeAccountId ?? "—"}</Item>
            <Item label="Collector user">{names.user}</Item>
            <Item label="Access key" testId="view-access-key">{connection.accessKeyId ?? "—"}</Item>
            <Item label="Secret access key" testId="view-secret">{connection.hasCollectorSecret ? "•••• (stored, never shown)" : "not stored"}</Item>
            <Item label="External ID" testId="view-external-id">{connection.model.externalId ?? "none"}</Item>
            <Item label="Proxy" testId="view-proxy">
              {connection.proxy ? `${connection.proxy.server}${connection.proxy.username ? ` as ${connection.proxy.username}` : ""}${connection.proxy.hasPassword ? " (password set)" : ""}` : "none"}
            </Item>
            <Item label="Schedule" testId="view-schedule">
              {connection.schedule ? `${connection.schedule.name}, ${describeInterval(connection.schedule.intervalMinutes)}${connection.status === "saved" && connection.schedule.nextRunAt ? `; next import ${when(connection.schedule.nextRunAt)}` : ""}` : "not linked yet"}
            </Item>
          </dl>
        </Card>

        <Card>
          <CardHeader title="Target accounts" description={`Role ${names.role} with policy ${names.inventoryPolicy} in each; read-roles policy ${names.readRolesPolicy} in the home account.`} />
          {connection.targets.length === 0 ? (
            <p className="px-5 py-4 text-sm text-slate-500">No target accounts yet.</p>
          ) : (
            <div data-testid="view-accounts">
              {/* One grid: a table on wide screens, stacked cards on a phone (no sideways scrolling). */}
              <div className="hidden grid-cols-[9rem_minmax(0,1.3fr)_6rem_minmax(0,1.4fr)_11rem] gap-4 bg-slate-50 px-5 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 lg:grid">
                <span>Account</span>
                <span>Role</span>
                <span>Setup</span>
                <span>Last test</span>
                <span>The beacon will see</span>
              </div>
              <ul className="divide-y divide-slate-100">
                {connection.targets.map((t) => {
                  const inv = counts(t.inventory);
                  return (
                    <li key={t.accountId} data-testid={`view-account-${t.accountId}`} data-status={t.lastTestStatus ?? "untested"} className="grid gap-2 px-5 py-3 text-sm lg:grid-cols-[9rem_minmax(0,1.3fr)_6rem_minmax(0,1.4fr)_11rem] lg:gap-4">
                      <div>
                        <span className="font-mono">{t.accountId}</span>
                        {t.name ? <span className="block text-xs text-slate-500">{t.name}</span> : null}
                      </div>
                      <div className="font-mono text-xs text-slate-700 [overflow-wrap:anywhere]">{roleArn({ rolePath, names }, t.accountId)}</div>
                      <div>
                        <span className="mr-2 text-xs text-slate-500 lg:hidden">Setup</span>
                        <Badge tone={t.setupStatus === "done" ? "green" : t.setupStatus === "failed" ? "red" : "slate"}>{t.setupStatus}</Badge>
                        {t.setupError ? <span className="mt-1 block text-xs text-red-700">{t.setupError}</span> : null}
                      </div>
                      <div data-testid="view-account-last-test">
                        <span className="mr-2 text-xs text-slate-500 lg:hidden">Last test</span>
                        {t.lastTestStatus ? (
                          <>
                            <Badge tone={t.lastTestStatus === "passed" ? "green" : "red"}>{t.lastTestStatus}</Badge>
                            <span className="ml-2 text-xs text-slate-500 lg:ml-0 lg:block">{when(t.lastTestAt)}</span>
                          </>
                        ) : (
                          // A row of dashes reads as a page that failed to load: say what it means and who tests it.
                          <>
                            <span className="text-slate-700" data-testid="view-account-never-tested">Never tested</span>
                            <span className="mt-0.5 block text-xs text-slate-500">{isAdmin ? `Run the connection test in ${stepRef("connection")} of the setup, or wait for the schedule.` : `An administrator tests it in ${stepRef("connection")}, or the schedule does.`}</span>
                          </>
                        )}
                        {t.lastTestReason ? <span className="mt-1 block text-xs text-red-700 [overflow-wrap:anywhere]" data-testid="view-account-reason">{t.lastTestReason}</span> : null}
                      </div>
                      <div className="text-xs text-slate-700" data-testid="view-account-inventory">
                        {inv ? `${plural(inv.instances, "instance")} · ${plural(inv.hosts, "host")} · ${plural(inv.reservedInstances, "RI")} · ${countText(inv.oracleRds)} Oracle RDS` : <span className="text-slate-500">{t.lastTestStatus ? "Not known (the test did not read the inventory)" : "Known after the first test"}</span>}
                      </div>
                    </li>
                  );
                })}
              </ul>
            </div>
          )}
        </Card>

        <Card>
          <CardHeader title="Latest connection test" description="The beacon's Test Connection, call for call, with the collector's key." />
          <div className="px-5 py-4">{latestRun ? <TestResults runId={latestRun.id} initial={latestRun} /> : <p className="text-sm text-slate-500">Not tested yet.</p>}</div>
        </Card>

        <Card>
          {/* The download's own top rule separates it inside step 8; as the card's first thing it is a stray line. */}
          <div className="px-5 py-4 [&>section]:border-t-0 [&>section]:pt-0">
            <Step8DetailsDownload connectionId={connection.id} isAdmin={isAdmin} />
          </div>
        </Card>
      </div>
    </>
  );
}

function Item({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-slate-900 [overflow-wrap:anywhere]" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
