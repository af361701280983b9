/**
 * The IAM actions the automated setup performs, grouped by the resource they act on and the step that
 * needs them. Step 1 simulates them for the pasted identity so it can say what is missing before
 * anything changes. Pure.
 */
import type { DraftModel } from "./types";
import { DEFAULT_NAMES } from "@/lib/model";

export interface PermissionGroup {
  neededFor: string;
  resource: string;
  actions: string[];
}

export function requiredPermissions(input: { homeAccountId: string; draft: DraftModel; adminRoleArns: string[] }): PermissionGroup[] {
  const names = { ...DEFAULT_NAMES, ...input.draft.names };
  const path = input.draft.rolePath ?? "/";
  const home = input.homeAccountId;
  const groups: PermissionGroup[] = [
    {
      neededFor: "Step 3: create or update the read-roles policy",
      resource: `arn:aws:iam::${home}:policy${path}${names.readRolesPolicy}`,
      actions: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion"],
    },
    {
      neededFor: "Step 6: create the collector user, attach the policy, create its access key",
      resource: `arn:aws:iam::${home}:user/${names.user}`,
      actions: [
        "iam:GetUser",
        "iam:CreateUser",
        "iam:AttachUserPolicy",
        "iam:ListAttachedUserPolicies",
        "iam:ListUserPolicies",
        "iam:ListGroupsForUser",
        "iam:ListAccessKeys",
        "iam:CreateAccessKey",
      ],
    },
  ];
  if (input.adminRoleArns.length > 0) {
    for (const arn of input.adminRoleArns) {
      groups.push({ neededFor: "Steps 2, 4 and 5: reach each target account through its administrator role", resource: arn, actions: ["sts:AssumeRole"] });
    }
  }
  return groups;
}

/**
 * The IAM principal to simulate for a caller ARN: users and roles as they are; an assumed-role
 * session becomes its role (path unknown here: `/` unless the caller looks it up); root has every
 * permission and is not simulated.
 */
export function simulationSourceArn(callerArn: string): { kind: "root" } | { kind: "principal"; arn: string; roleName?: string } | { kind: "unsupported" } {
  const root = /^arn:aws:iam::(\d{12}):root$/.exec(callerArn);
  if (root) return { kind: "root" };
  if (/^arn:aws:iam::\d{12}:(user|role)\//.test(callerArn)) return { kind: "principal", arn: callerArn };
  const assumed = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  if (assumed) return { kind: "principal", arn: `arn:aws:iam::${assumed[1]}:role/${assumed[2]}`, roleName: assumed[2] };
  return { kind: "unsupported" };
}
