import { Badge } from "@/components/ui/badge";
import { getRun, latestRunId } from "@/lib/runs";
import { saveRefusal } from "@/lib/setup/connection-test-save";
import { CONNECTION_TEST_RUN } from "@/lib/connections/test-summary";
import { ensureAwsImportsSchedule } from "@/lib/connections/schedule";
import { describeInterval } from "@/lib/connections/schedule-rules";
import type { ConnectionView } from "@/lib/connections/types";
import { Step8ConnectionForm } from "./step-8-connection-form";
import { Step8DetailsDownload } from "./step-8-details-download";
import { TestResults } from "./step-8-test-results";

/**
 * Step 8: the beacon's connection dialog, its Test Connection and Save, and the connection details
 * to type into the beacon. Server component: it loads the latest test and whether Save is allowed
 * (the rule lives on the server; the form only mirrors it).
 */
export async function Step8Connection({ connection, canEdit }: { connection: ConnectionView; canEdit: boolean }) {
  const runId = await latestRunId(connection.id, CONNECTION_TEST_RUN.id);
  const latestRun = runId ? await getRun(runId) : null;
  const schedule = await ensureAwsImportsSchedule();
  const refusal = canEdit ? await saveRefusal(connection.id) : null;
  const saved = connection.status === "saved";
  return (
    <div className="space-y-5" data-testid="step8">
      {saved ? (
        <div className="rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-900 ring-1 ring-inset ring-emerald-200" data-testid="step8-saved-state">
          <p className="font-medium">Saved{connection.savedAt ? ` ${new Date(connection.savedAt).toLocaleString()}` : ""}.</p>
          <p className="mt-1">
            Linked to the “{schedule.name}” schedule ({describeInterval(schedule.intervalMinutes)}).{" "}
            <span data-testid="step8-next-run">{schedule.nextRunAt ? `Next import due ${new Date(schedule.nextRunAt).toLocaleString()}.` : "No import is due yet."}</span>
          </p>
          <p className="mt-1 text-xs text-emerald-800">
            Changing any detail below returns the connection to draft until it is tested and saved again, as in the beacon.
          </p>
        </div>
      ) : null}
      {canEdit ? (
        <Step8ConnectionForm
          connectionId={connection.id}
          latestRun={latestRun}
          saveRefusal={refusal}
          defaults={{
            connectionName: connection.name,
            accessKeyId: connection.accessKeyId ?? "",
            hasCollectorSecret: connection.hasCollectorSecret,
            keyFromStep6: connection.progress.accessKey?.status === "created",
            externalId: connection.model.externalId ?? "",
            useProxy: connection.proxy !== null,
            proxyServer: connection.proxy?.server ?? "",
            proxyUsername: connection.proxy?.username ?? "",
            hasProxyPassword: connection.proxy?.hasPassword ?? false,
            saved,
          }}
        />
      ) : (
        <ReadOnlyConnection connection={connection} />
      )}
      {!canEdit && latestRun ? <TestResults runId={latestRun.id} initial={latestRun} /> : null}
      <Step8DetailsDownload connectionId={connection.id} isAdmin={connection.viewerRole === "admin"} />
    </div>
  );
}

function ReadOnlyConnection({ connection }: { connection: ConnectionView }) {
  const rows: [string, React.ReactNode][] = [
    ["Connection Name", connection.name],
    ["Source Type", "Amazon Web Services"],
    ["Adapter Type", "Direct"],
    ["Access Key", connection.accessKeyId ?? "(not set)"],
    ["Secret Access Key", connection.hasCollectorSecret ? "•••• (stored)" : "(not set)"],
    ["External ID", connection.model.externalId ?? "(none)"],
    ["Use Proxy", connection.proxy ? "Yes" : "No"],
    ["Proxy Server", connection.proxy?.server ?? "(none)"],
    ["Username", connection.proxy?.username ?? "(none)"],
    ["Password", connection.proxy?.hasPassword ? "•••• (set)" : "(none)"],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]" data-testid="step8-readonly">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-medium text-slate-600">{label}</dt>
          <dd className="[overflow-wrap:anywhere] text-slate-900">{value}</dd>
        </div>
      ))}
      <dt className="font-medium text-slate-600">Last test</dt>
      <dd>
        {connection.lastTestStatus ? <Badge tone={connection.lastTestStatus === "passed" ? "green" : "red"}>{connection.lastTestStatus}</Badge> : <span className="text-slate-500">never tested</span>}
      </dd>
    </dl>
  );
}
