import { RoleSettingsForm } from "../settings-forms";
import { StepResults } from "../run-views";
import { DiyPanel } from "../diy-panel";
import { namesInAws } from "@/lib/setup/names-in-aws";
import type { StepProps } from "../step-props";
import { setupStep, stepRef } from "@/lib/setup/steps";

export function Step4Role({ connection, canEdit, context }: StepProps) {
  const editable = canEdit && connection.status === "draft";
  const model = connection.accessModel;
  return (
    <div className="space-y-5">
      <p className="text-sm text-slate-600">
        In every target account a role named below trusts the home account{connection.model.homeAccountId ? ` ${connection.model.homeAccountId}` : ""}
        {connection.model.externalId ? ", only when the caller sends the external ID," : ""} and holds the inventory policy of {stepRef("inventory-policy")}. Its maximum session is one hour, what the beacon needs.
      </p>
      <RoleSettingsForm connectionId={connection.id} model={connection.model} disabled={!editable} nameInAws={namesInAws(connection, context.runs).role} />
      <StepResults step="role" title="Role in each account (latest run)" targets={connection.targets} />
      <StepResults step="verify-role" title="Assumed from the home account to confirm it works" targets={connection.targets} />
      {model ? <DiyPanel model={model} step={setupStep("role").number} open={connection.mode === "manual"} /> : null}
      {model && model.targetAccountIds.length > 1 ? <DiyPanel model={model} step={setupStep("accounts").number} open={false} /> : null}
    </div>
  );
}
