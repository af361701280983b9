import { TargetsManager } from "../targets-manager";
import { InventorySettingsForm } from "../settings-forms";
import { StepResults } from "../run-views";
import { DiyPanel } from "../diy-panel";
import { namesInAws } from "@/lib/setup/names-in-aws";
import type { StepProps } from "../step-props";
import { setupStep } from "@/lib/setup/steps";

export function Step2InventoryPolicy({ connection, canEdit, context }: StepProps) {
  const editable = canEdit && connection.status === "draft";
  const manual = connection.mode === "manual";
  return (
    <div className="space-y-6">
      <TargetsManager
        connectionId={connection.id}
        targets={connection.targets}
        editable={editable}
        mode={connection.mode}
        canDiscover={context.credentials.held}
      />
      <div className="border-t border-slate-100 pt-4">
        <InventorySettingsForm connectionId={connection.id} model={connection.model} disabled={!editable} nameInAws={namesInAws(connection, context.runs).inventoryPolicy} />
      </div>
      <StepResults step="inventory-policy" title="Inventory policy in each account (latest run)" targets={connection.targets} />
      {connection.accessModel ? <DiyPanel model={connection.accessModel} step={setupStep("inventory-policy").number} open={manual} /> : null}
    </div>
  );
}
