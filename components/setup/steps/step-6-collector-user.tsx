import { Notice } from "@/components/ui/notice";
import { DEFAULT_NAMES } from "@/lib/model";
import { namesInAws } from "@/lib/setup/names-in-aws";
import { AccessKeyPanel } from "../access-key-panel";
import { DiyPanel } from "../diy-panel";
import { StepResults } from "../run-views";
import { UserSettingsForm } from "../settings-forms";
import type { StepProps } from "../step-props";
import { collectorUserReady } from "@/lib/setup/step-states";
import { setupStep, stepRef } from "@/lib/setup/steps";

export function Step6CollectorUser({ connection, canEdit, context }: StepProps) {
  const editable = canEdit && connection.status === "draft";
  const userName = connection.model.names?.user ?? DEFAULT_NAMES.user;
  return (
    <div className="space-y-5">
      <UserSettingsForm connectionId={connection.id} model={connection.model} disabled={!editable} exists={namesInAws(connection, context.runs).user} />
      <Notice tone="info" title="Attached as a managed policy, never inline" testId="managed-not-inline">
        The read-roles policy{connection.accessModel && connection.accessModel.targetAccountIds.length > 100 ? " (all its parts)" : ""} is attached to {userName} as a managed policy. The beacon discovers what it may do by listing the user&apos;s attached policies
        (iam:ListAttachedUserPolicies); it does not read inline policies, so with an inline policy no inventory at all would be collected (procedure 6.5). The portal refuses to create one.
      </Notice>
      <StepResults step="collector-user" title="In the home account (latest run)" />
      {connection.mode === "automated" ? (
        editable || connection.progress.accessKey ? (
          <AccessKeyPanel connectionId={connection.id} accessKey={connection.progress.accessKey} userReady={collectorUserReady(context.runs.rollout)} credentialsHeld={context.credentials.held} />
        ) : null
      ) : (
        <Notice tone="info">Create the access key yourself (the console&apos;s &ldquo;Create access key&rdquo;, or setup.sh, which writes the credentials .csv) and enter it in {stepRef("connection")}.</Notice>
      )}
      {connection.accessModel ? <DiyPanel model={connection.accessModel} step={setupStep("collector-user").number} open={connection.mode === "manual"} /> : null}
    </div>
  );
}
