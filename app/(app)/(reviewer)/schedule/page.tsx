import Link from "next/link";
import { FindingsList, ScheduledStatusBadge } from "@/components/notify/findings-list";
import { RunNowButton } from "@/components/operate/run-now-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireSession } from "@/lib/auth/session";
import { loadSchedulePage } from "@/lib/schedule/load-schedule-page";
import { describeInterval } from "@/lib/connections/schedule-rules";
import { stepRef } from "@/lib/setup/steps";

export const dynamic = "force-dynamic";

function when(iso: string | null): string {
  return iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—";
}

export default async function SchedulePage({ searchParams }: { searchParams: Promise<{ connection?: string }> }) {
  const user = await requireSession("reviewer");
  const { connection } = await searchParams;
  const view = await loadSchedulePage(user, { connectionId: typeof connection === "string" ? connection : undefined });
  const s = view.schedule;
  return (
    <>
      <PageHeader
        title="Schedule"
        description={`The "AWS imports" schedule (procedure ${stepRef("schedule")}). On each run the portal itself runs the beacon's connection test for every saved connection and checks for drift.`}
        actions={user.role === "admin" || view.activeRun ? <RunNowButton active={view.activeRun} canRun={user.role === "admin"} /> : null}
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title={s?.name ?? "AWS imports"} description={s ? `${describeInterval(s.intervalMinutes)}${s.enabled ? "" : " (disabled)"}` : "Created when the first connection is set up."} />
          <dl className="grid gap-4 px-5 py-4 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-500">Next run</dt>
              <dd className="font-medium text-slate-900" data-testid="schedule-next-run">
                {s?.nextRunAt ? when(s.nextRunAt) : "not due (no saved connection yet)"}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Last run</dt>
              <dd className="font-medium text-slate-900" data-testid="schedule-last-run">
                {when(s?.lastRunAt ?? null)}
              </dd>
            </div>
          </dl>
        </Card>

        <Card>
          <CardHeader title="Connections" description="The latest scheduled result of each saved connection." />
          {view.connections.length === 0 ? (
            <div className="p-5">
              <EmptyState title="No saved connection yet" description={`A connection joins the schedule when its test passes and it is saved (${stepRef("connection")}).`} />
            </div>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="schedule-connections">
              {view.connections.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm" data-testid={`schedule-connection-${c.id}`}>
                  <span className="font-medium text-slate-900">{c.name}</span>
                  <ScheduledStatusBadge status={c.scheduledStatus} testId={`scheduled-status-${c.id}`} />
                  {/* "not checked yet" says it all; a dash after it would read as a missing value. */}
                  {c.scheduledAt ? <span className="text-slate-500">{when(c.scheduledAt)}</span> : null}
                  {c.webhook.configured ? <span className="text-xs text-slate-500" data-testid={`schedule-webhook-${c.id}`}>webhook: {c.webhook.lastStatus ?? "configured"}</span> : null}
                  <span className="ml-auto flex gap-3">
                    <Link className="text-brand-700 underline underline-offset-2" href={`/schedule?connection=${c.id}`} data-testid={`schedule-details-${c.id}`}>
                      Details
                    </Link>
                    {c.scheduledRunId ? (
                      <Link className="text-brand-700 underline underline-offset-2" href={`/api/runs/${c.scheduledRunId}`}>
                        Run log (JSON)
                      </Link>
                    ) : null}
                    {user.role === "admin" ? (
                      <Link className="text-brand-700 underline underline-offset-2" href={`/connections/${c.id}/manage`}>
                        Manage
                      </Link>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        {view.detail ? (
          <Card data-testid="schedule-detail">
            <CardHeader title={`${view.detail.name}: latest scheduled check`} description={`Checked ${when(view.detail.scheduledAt)}`} />
            <div className="space-y-4 px-5 py-4">
              {view.detail.homeDrift.length === 0 && view.detail.accounts.length === 0 ? (
                <p className="text-sm text-emerald-700" data-testid="schedule-detail-ok">
                  Every account passed and no drift was found.
                </p>
              ) : null}
              {view.detail.homeDrift.length > 0 ? (
                <section>
                  <h3 className="mb-2 text-sm font-semibold text-slate-900">Home account (collector user, read-roles policy, access key)</h3>
                  <FindingsList findings={view.detail.homeDrift} testId="home-drift" />
                </section>
              ) : null}
              {view.detail.accounts.map((a) => (
                <section key={a.accountId} data-testid={`account-detail-${a.accountId}`}>
                  <h3 className="mb-2 flex items-center gap-2 text-sm font-semibold text-slate-900">
                    Account {a.accountId}
                    {a.name ? <span className="font-normal text-slate-500">({a.name})</span> : null}
                    {a.lastTestStatus === "failed" ? <Badge tone="red">test failed</Badge> : null}
                  </h3>
                  {a.lastTestStatus === "failed" && a.reason ? (
                    <p className="mb-2 text-sm text-slate-700">
                      {a.reason}
                      {a.fix ? <span className="block text-slate-600">Fix: {a.fix}</span> : null}
                    </p>
                  ) : null}
                  <FindingsList findings={a.drift} />
                </section>
              ))}
            </div>
          </Card>
        ) : null}

        <Card>
          <CardHeader title="Past runs" description="Each run of the schedule, by whichever portal instance claimed it." />
          {view.ticks.length === 0 ? (
            <p className="px-5 py-4 text-sm text-slate-500">No run yet.</p>
          ) : (
            // Focusable and named: a keyboard must be able to scroll the table sideways on a narrow screen.
            <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Past runs (scrolls sideways)">
              <table className="min-w-full text-left text-sm" data-testid="schedule-runs">
                <thead className="text-xs uppercase text-slate-500">
                  <tr>
                    <th className="px-5 py-2">Started</th>
                    <th className="px-3 py-2">Trigger</th>
                    <th className="px-3 py-2">Status</th>
                    <th className="px-3 py-2">Connections</th>
                    <th className="px-3 py-2">Accounts passed</th>
                    <th className="px-3 py-2">Accounts failed</th>
                    <th className="px-3 py-2">Drift</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {view.ticks.map((k) => (
                    <tr key={k.id} data-testid="schedule-run-row" data-tick-id={k.id} data-trigger={k.trigger} data-status={k.status}>
                      <td className="px-5 py-2 whitespace-nowrap">{when(k.startedAt)}</td>
                      <td className="px-3 py-2">{k.trigger === "manual" ? "Run now" : "schedule"}</td>
                      <td className="px-3 py-2">
                        <Badge tone={k.status === "succeeded" ? "green" : k.status === "running" ? "blue" : k.status === "partial" ? "amber" : "red"}>{k.status}</Badge>
                      </td>
                      <td className="px-3 py-2">{k.connections}</td>
                      <td className="px-3 py-2">{k.accountsPassed}</td>
                      <td className="px-3 py-2">{k.accountsFailed}</td>
                      <td className="px-3 py-2" data-testid="schedule-run-drift">
                        {k.driftCount}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
