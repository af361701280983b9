import { Badge } from "@/components/ui/badge";
import { ensureAwsImportsSchedule } from "@/lib/connections/schedule";
import { describeInterval, intervalWarning } from "@/lib/connections/schedule-rules";
import type { ConnectionView } from "@/lib/connections/types";
import { Step7ScheduleForm } from "./step-7-schedule-form";

/**
 * Step 7: the beacon's "AWS imports" schedule. A server component: reading the schedule is also where
 * a renamed schedule gets its name back (procedure step 7's "restored at the next policy check").
 */
export async function Step7Schedule({ connection, canEdit }: { connection: ConnectionView; canEdit: boolean }) {
  const schedule = await ensureAwsImportsSchedule();
  const linked = connection.schedule?.id === schedule.id;
  const editable = canEdit && connection.status !== "saved";
  const warning = intervalWarning(schedule.intervalMinutes);
  return (
    <div className="space-y-4" data-testid="step7">
      <div className="grid gap-3 text-sm text-slate-700 sm:grid-cols-2" data-testid="step7-why">
        <p>
          <span className="font-medium text-slate-900">Why every 30 minutes?</span> Some AWS data is short-lived: a terminated instance disappears within an hour, so
          an import that runs rarely never sees it.
        </p>
        <p>
          Licences measured on <span className="font-medium text-slate-900">peak consumption</span>, such as IBM PVU, need samples no more than 30 minutes apart. The beacon
          ships a schedule named <q>AWS imports</q> for exactly this; change it here, before the connection is saved, if you must.
        </p>
      </div>
      <dl className="grid gap-3 rounded-lg bg-slate-50 px-4 py-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Schedule</dt>
          <dd className="mt-0.5 font-medium text-slate-900" data-testid="step7-schedule-name">
            {schedule.name}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Runs</dt>
          <dd className="mt-0.5 text-slate-900" data-testid="step7-interval">
            {describeInterval(schedule.intervalMinutes)}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">This connection</dt>
          <dd className="mt-0.5" data-testid="step7-link">
            {linked ? <Badge tone="green">Linked</Badge> : <Badge tone="slate">Not linked yet</Badge>}
          </dd>
        </div>
      </dl>
      <p className="text-xs text-slate-500">
        The name cannot be changed: the beacon links AWS connections to the schedule by the name <q>AWS imports</q>, and puts the name back if it was changed.
      </p>
      {warning && !editable ? (
        <p className="text-sm text-amber-800" data-testid="step7-warning">
          {warning}
        </p>
      ) : null}
      {editable ? (
        <Step7ScheduleForm connectionId={connection.id} intervalMinutes={schedule.intervalMinutes} linked={linked} />
      ) : canEdit ? (
        <p className="text-sm text-slate-600" data-testid="step7-readonly">
          This connection is saved; the schedule was confirmed before saving.
        </p>
      ) : null}
    </div>
  );
}
