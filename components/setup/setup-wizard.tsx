import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { activeStep } from "@/lib/setup/step-states";
import { SETUP_STEPS, setupStep, type SetupStepKey } from "@/lib/setup/steps";
import type { ConnectionView } from "@/lib/connections/types";
import type { SetupContext } from "./step-props";
import { SetupRunsProvider } from "./setup-runs";
import { ScrollToStep } from "./scroll-to-step";
import { KeepFocusInSteps } from "./keep-focus";
import { StepCard } from "./step-card";
import { Step1SignIn } from "./steps/step-1-sign-in";
import { Step2InventoryPolicy } from "./steps/step-2-inventory-policy";
import { Step3ReadRolesPolicy } from "./steps/step-3-read-roles-policy";
import { Step4Role } from "./steps/step-4-role";
import { Step5Accounts } from "./steps/step-5-accounts";
import { Step6CollectorUser } from "./steps/step-6-collector-user";
import { Step7Schedule } from "./steps/step-7-schedule";
import { Step8Connection } from "./steps/step-8-connection";

/**
 * The guided setup: the procedure's eight steps as cards, in order, each with its live status; the
 * first unfinished one is open. Everything shown comes from the database (and the runs), so a reload,
 * a second browser or another admin sees the same state.
 */
const STEPPER_STATE: Record<string, string> = { done: "done", failed: "failed", attention: "needs attention", running: "running", ready: "to do", waiting: "waiting" };

export function SetupWizard({ connection, context, canEdit }: { connection: ConnectionView; context: SetupContext; canEdit: boolean }) {
  const states = context.states;
  const active = activeStep(states);
  const props = { connection, canEdit, context };
  // A record over the step keys: a step without a body does not compile.
  const body: Record<SetupStepKey, React.ReactNode> = {
    "sign-in": <Step1SignIn key={`${connection.progress.signIn?.checkedAt ?? ""}-${connection.mode}-${context.credentials.held}`} {...props} />,
    "inventory-policy": <Step2InventoryPolicy {...props} />,
    "read-roles-policy": <Step3ReadRolesPolicy {...props} />,
    role: <Step4Role {...props} />,
    accounts: <Step5Accounts {...props} />,
    "collector-user": <Step6CollectorUser {...props} />,
    schedule: <Step7Schedule connection={connection} canEdit={canEdit} />,
    connection: <Step8Connection connection={connection} canEdit={canEdit} />,
  };
  const doneCount = SETUP_STEPS.filter((s) => states[s.key].state === "done").length;
  return (
    <SetupRunsProvider initial={context.runs}>
      <PageHeader
        title={connection.name}
        description={
          <span>
            Guided setup · {connection.mode === "automated" ? "automated" : "do it yourself"} · {connection.status === "saved" ? "saved connection" : "draft"}
            {connection.model.homeAccountId ? (
              <>
                {" "}
                · home account <span className="font-mono">{connection.model.homeAccountId}</span>
              </>
            ) : null}
          </span>
        }
        actions={
          <Link href="/connections" className="text-sm font-medium text-brand-700 hover:underline">
            All connections
          </Link>
        }
      />
      {/* Sticky below the shell's header (h-16): on a long setup it still shows where you are. */}
      <nav aria-label="Steps" className="sticky top-16 z-10 -mx-4 mb-4 overflow-x-auto border-b border-slate-200 bg-slate-50/95 px-4 py-2 backdrop-blur sm:-mx-6 sm:px-6 lg:-mx-8 lg:px-8" data-testid="setup-stepper">
        <ol className="flex min-w-max gap-1.5">
          {SETUP_STEPS.map((s) => {
            const st = states[s.key].state;
            return (
              <li key={s.key}>
                <a
                  href={`#step-${s.number}`}
                  className={cn(
                    "flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1",
                    st === "done" ? "bg-emerald-50 text-emerald-800 ring-emerald-200" : s.key === active ? "bg-brand-600 text-white ring-brand-600" : st === "failed" ? "bg-red-50 text-red-700 ring-red-200" : "bg-white text-slate-600 ring-slate-200",
                  )}
                  title={`Step ${s.number}: ${s.title}`}
                  aria-current={s.key === active ? "step" : undefined}
                  data-testid={`stepper-${s.number}`}
                  data-state={st}
                >
                  {/* Not by colour alone: a mark for done and failed, and the state in words for a screen reader. */}
                  {st === "done" ? "✓" : st === "failed" ? `${s.number} !` : s.number}
                  <span className="hidden sm:inline">{s.short}</span>
                  <span className="sr-only">{`, step ${s.number}: ${STEPPER_STATE[st]}`}</span>
                </a>
              </li>
            );
          })}
        </ol>
        <p className="mt-2 text-xs text-slate-500">
          <Badge tone={doneCount === SETUP_STEPS.length ? "green" : "slate"}>{doneCount} of {SETUP_STEPS.length} steps done</Badge> <span className="ml-1">Progress is saved as you go: you can leave and resume.</span>
        </p>
      </nav>
      <ScrollToStep anchor={`step-${setupStep(active).number}`} />
      <KeepFocusInSteps containerId="setup-steps" />
      <div className="space-y-3" id="setup-steps" data-testid="setup-steps">
        {SETUP_STEPS.map((s) => (
          <StepCard key={s.key} stepKey={s.key} status={states[s.key]} active={s.key === active}>
            {body[s.key]}
          </StepCard>
        ))}
      </div>
    </SetupRunsProvider>
  );
}
