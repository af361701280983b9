import { Notice } from "@/components/ui/notice";
import { buildReadRolesPolicies, readRolesSplitSummary, roleArn } from "@/lib/policies";
import { ReadRolesSettingsForm } from "../settings-forms";
import { StepResults } from "../run-views";
import { DiyPanel } from "../diy-panel";
import { namesInAws } from "@/lib/setup/names-in-aws";
import type { StepProps } from "../step-props";
import { setupStep, stepRef } from "@/lib/setup/steps";

const SHOWN = 20;

export function Step3ReadRolesPolicy({ connection, canEdit, context }: StepProps) {
  const editable = canEdit && connection.status === "draft";
  const model = connection.accessModel;
  const split = model ? readRolesSplitSummary(model) : null;
  const policies = model ? buildReadRolesPolicies(model) : [];
  const arns = model ? model.targetAccountIds.map((id) => roleArn(model, id)) : [];
  return (
    <div className="space-y-5">
      <ReadRolesSettingsForm connectionId={connection.id} model={connection.model} disabled={!editable} nameInAws={namesInAws(connection, context.runs).readRolesPolicy} />
      {model ? (
        <div className="space-y-2" data-testid="read-roles-arns">
          <h3 className="text-sm font-semibold text-slate-900">sts:AssumeRole on exactly these role ARNs ({arns.length})</h3>
          <p className="text-sm text-slate-600">No wildcard: the beacon finds the accounts it may collect from by reading these exact ARNs (procedure 3.8). Besides, the policy grants iam:GetUser, GetPolicy, GetPolicyVersion, ListAttachedUserPolicies, ListGroupsForUser and ListAttachedGroupPolicies so the beacon can read its own policies.</p>
          <ul className="max-h-60 overflow-auto rounded-lg bg-slate-50 p-3 font-mono text-xs text-slate-800 ring-1 ring-slate-200">
            {arns.slice(0, SHOWN).map((a) => (
              <li key={a} className="[overflow-wrap:anywhere]">
                {a}
              </li>
            ))}
            {arns.length > SHOWN ? <li className="text-slate-500">… and {arns.length - SHOWN} more (all in the policy files)</li> : null}
          </ul>
          {split?.message ? (
            <Notice tone={split.severity === "error" ? "error" : split.severity === "warning" ? "warning" : "info"} title={`Split over ${split.policyCount} policies`} testId="read-roles-split">
              {split.message} Each managed policy may hold at most 6,144 characters, so a long list of exact ARNs cannot fit in one; all parts are attached to the collector user in {stepRef("collector-user")}, and the beacon reads them all.
            </Notice>
          ) : (
            <p className="text-xs text-slate-500" data-testid="read-roles-single">One policy, {policies[0]?.name}: the list fits within IAM&apos;s 6,144-character limit.</p>
          )}
        </div>
      ) : (
        <p className="text-sm text-slate-600">The ARNs appear here once the home account and the target accounts are known.</p>
      )}
      <StepResults step="read-roles-policy" title="In the home account (latest run)" />
      {model ? <DiyPanel model={model} step={setupStep("read-roles-policy").number} open={connection.mode === "manual"} /> : null}
    </div>
  );
}
