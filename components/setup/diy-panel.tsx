import { artefactsForStep, consoleInstructions } from "@/lib/artefacts";
import type { AccessModel } from "@/lib/model/types";
import { ArtefactList } from "./artefact-list";
import { ConsoleSteps } from "./console-steps";

/**
 * Do it yourself, for one numbered step: the console clicks, then the JSON documents, the AWS CLI
 * commands and the CloudFormation/Terraform alternatives, each to copy or download.
 */
export function DiyPanel({ model, step, open, testId = `diy-step-${step}`, label }: { model: AccessModel; step: number; open?: boolean; testId?: string; label?: string }) {
  const lines = consoleInstructions(model, step);
  const artefacts = artefactsForStep(model, step);
  if (lines.length === 0 && artefacts.length === 0) return null;
  return (
    <details open={open} className="rounded-lg bg-slate-50 ring-1 ring-slate-200" data-testid={testId}>
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800">{label ?? `Do it yourself: console clicks, JSON and CLI for step ${step}`}</summary>
      <div className="space-y-4 border-t border-slate-200 px-3 py-3">
        <ConsoleSteps step={step} lines={lines} />
        {artefacts.length > 0 ? (
          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">Documents and commands</h3>
            <ArtefactList artefacts={artefacts} testId={testId.replace(/^diy-/, "artefacts-")} />
          </div>
        ) : null}
      </div>
    </details>
  );
}
