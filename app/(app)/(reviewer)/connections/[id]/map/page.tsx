import Link from "next/link";
import { AccessMap } from "@/components/access-map/access-map";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireSession } from "@/lib/auth/session";
import { loadAccessMap } from "@/lib/dashboard/load-access-map";
import { AppError } from "@/lib/errors";

export const metadata = { title: "Access map" };

export default async function AccessMapPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireSession("reviewer");
  const { id } = await params;
  const data = await loadAccessMap(id, user).catch((error: unknown) => {
    // Like the connection view: an unknown id is shown inside the app shell, with a way back.
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!data) {
    return (
      <EmptyState
        testId="map-not-found"
        title="That connection does not exist"
        description="It may have been deleted. The dashboard lists every connection that exists."
        action={<Link href="/" className={buttonClass()}>Back to the dashboard</Link>}
      />
    );
  }
  const only = (await searchParams).only === "problems";
  const c = data.connection;
  return (
    <>
      <PageHeader
        title={`Access map · ${c.name}`}
        description="Collector user → its read-roles policies → each target account's role → the inventory policy, coloured by the latest connection test, so the link that broke stands out."
        actions={<Link href={`/connections/${c.id}`} className={buttonClass("secondary")}>Connection details</Link>}
      />
      <Card>
        <dl className="grid gap-3 px-5 py-4 text-sm sm:grid-cols-4" data-testid="map-summary">
          <div>
            <dt className="text-xs text-slate-500">Collector user</dt>
            <dd className="break-all font-mono text-xs">{c.userArn ?? c.userName}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">External ID</dt>
            <dd className="font-mono text-xs" data-testid="map-external-id">{c.externalId ?? "none"}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Last connection test</dt>
            <dd>
              <Badge tone={c.lastTestStatus === "passed" ? "green" : c.lastTestStatus === "failed" ? "red" : "slate"}>{c.lastTestStatus ?? "never"}</Badge>
              {c.lastTestAt ? <span className="ml-2 text-xs text-slate-500">{new Date(c.lastTestAt).toISOString().slice(0, 16).replace("T", " ")} UTC</span> : null}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Target accounts</dt>
            <dd>{data.accounts.length} in {data.policies.length} read-roles polic{data.policies.length === 1 ? "y" : "ies"}</dd>
          </div>
        </dl>
        {c.drift.length > 0 ? (
          <div className="border-t border-slate-100 px-5 py-3 text-sm text-amber-900" data-testid="map-connection-drift">
            {c.drift.map((f, i) => (
              <p key={`${f.rule}-${i}`}>Home account drift (step {f.step}): {f.message} <span className="text-slate-600">Fix: {f.fix}</span></p>
            ))}
          </div>
        ) : null}
        {data.accounts.length === 0 ? (
          <p className="border-t border-slate-100 px-5 py-8 text-center text-sm text-slate-500" data-testid="map-empty">This connection has no target account yet.</p>
        ) : (
          <div className="border-t border-slate-100">
            <AccessMap data={data} initialOnlyProblems={only} />
          </div>
        )}
      </Card>
    </>
  );
}
