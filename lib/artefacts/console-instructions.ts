import type { AccessModel } from "@/lib/model/types";
import { buildReadRolesPolicies, rdsArns, roleArn } from "@/lib/policies";
import { connectionLines } from "./build-cli-script";

const MAX_LISTED = 5;

function some(ids: readonly string[]): string {
  return ids.length <= MAX_LISTED ? ids.join(", ") : `${ids.slice(0, MAX_LISTED).join(", ")} and ${ids.length - MAX_LISTED} more`;
}

/**
 * What to click in the AWS console (or the beacon) for one numbered step, in our own words and
 * with this model's names filled in. The wizard shows these under each step.
 */
export function consoleInstructions(model: AccessModel, step: number): string[] {
  const n = model.names;
  const targets = model.targetAccountIds;
  switch (step) {
    case 1:
      return [
        `Sign in to the AWS console with an administrator of the home account ${model.homeAccountId} and open IAM (console.aws.amazon.com/iam).`,
        targets.some((t) => t !== model.homeAccountId)
          ? `You will also need administrator access to the target account(s) ${some(targets.filter((t) => t !== model.homeAccountId))} for steps 2, 4 and 5.`
          : "All work happens in this one account.",
      ];
    case 2: {
      const rds = rdsArns(model, targets[0] ?? model.homeAccountId);
      return [
        "In a target account, open Policies and choose Create policy.",
        "Switch to the JSON editor and paste that account's file from the policies folder (or pick the actions in the visual editor):",
        "EC2, List: DescribeInstances, DescribeHosts, DescribeReservedInstances; IAM, List: ListAccountAliases; RDS, List: DescribeDBInstances.",
        `For DescribeDBInstances, limit the resources to the DB ARNs of that account, e.g. ${rds.join(", ")}${model.rdsScope.kind === "all" ? " (every DB instance in every region)" : ""}.`,
        "Tags are optional. Click through to the review page.",
        `Name the policy ${n.inventoryPolicy}${model.rolePath !== "/" ? ` (path ${model.rolePath} is only settable with the CLI or CloudFormation)` : ""} and create it.`,
      ];
    }
    case 3: {
      const policies = buildReadRolesPolicies(model);
      const out = [
        `In the home account ${model.homeAccountId}, open Policies and choose Create policy.`,
        "In the JSON editor, paste the read-roles policy from the policies folder. In the visual editor it is:",
        "IAM, Read: GetUser, GetPolicy, GetPolicyVersion; IAM, List: ListAttachedUserPolicies, ListGroupsForUser, ListAttachedGroupPolicies (mandatory as soon as the user belongs to any group).",
        `STS, Write: AssumeRole, with resources set by Add ARN to the exact role ARN of every target account, e.g. ${roleArn(model, targets[0] ?? model.homeAccountId)}. Never choose All resources and never use a wildcard: the beacon finds accounts only through exact ARNs.`,
        `Name it ${n.readRolesPolicy} and create it.`,
      ];
      if (policies.length > 1) {
        out.push(
          `The ${targets.length} role ARNs do not fit in one policy (6,144 characters): create ${policies.length} policies, ${policies.map((p) => p.name).join(", ")}, each with its own part of the list as in the files; all of them are attached in step 6.`,
        );
      }
      return out;
    }
    case 4:
      return [
        "In a target account, open Roles and choose Create role.",
        `Pick "AWS account", then "Another AWS account", and enter the home account ID ${model.homeAccountId}.`,
        model.externalId !== undefined
          ? "Tick Require external ID and paste the connection's external ID; use the same one in every account."
          : "Leave Require external ID unticked (this connection uses none; AWS recommends one).",
        `On the permissions page, select ${n.inventoryPolicy}.`,
        `Tags are optional. Name the role ${n.role} and create it.`,
        model.maxSessionDurationSeconds !== 3600
          ? `Afterwards, edit the role and set its maximum session duration to ${model.maxSessionDurationSeconds / 3600} hours.`
          : "Its maximum session duration stays at the default of 1 hour, which is what the beacon needs.",
      ];
    case 5:
      return [
        `Repeat steps 2 and 4 in every target account: ${some(targets)}.`,
        "Step 3 is not repeated: the read-roles policy lives only in the home account, but must list every account's role.",
        "For many accounts, the StackSet template (organization) or the CLI script does this in one go.",
      ];
    case 6:
      return [
        `In the home account, open Users and choose Create user; name it ${n.user}. It needs no console access: only an access key.`,
        `On the permissions page choose Attach policies directly and select ${buildReadRolesPolicies(model).map((p) => p.name).join(", ")}. Do not add an inline policy: the beacon ignores inline policies and collects nothing.`,
        `Create the user, then under Security credentials create an access key (use case: application running outside AWS).`,
        "Download the .csv file: the secret access key is shown only once. Keep the file somewhere safe.",
      ];
    case 7:
      return [
        "In FlexNet Beacon, open Data collection > Scheduling and check the \"AWS imports\" schedule (every 30 minutes is the recommended default).",
        "Do not rename the schedule: the connection finds it by name.",
      ];
    case 8:
      return [
        "In FlexNet Beacon, open Inventory Systems, click the arrow of the New button and choose PowerShell.",
        ...connectionLines(model),
      ];
    default:
      return [];
  }
}
