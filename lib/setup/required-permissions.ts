/**
 * The IAM actions the automated setup performs, grouped by the resource they act on and the step that
 * needs them. Step 1 simulates them for the pasted identity so it can say what is missing before
 * anything changes. Pure.
 */
import { AppError } from "@/lib/errors";
import { DEFAULT_NAMES } from "@/lib/model";
import type { PolicyDocument } from "@/lib/model/types";
import type { DraftModel, MissingPermission } from "@/lib/connections/types";

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

/** Missing actions of one step, with the resources they are missing on (one per target for sts:AssumeRole). */
export interface MissingGroup {
  neededFor: string;
  actions: string[];
  resources: string[];
}

export function groupMissing(missing: MissingPermission[]): MissingGroup[] {
  // Per step and resource first, then resources lacking the same actions for the same step share a line.
  const perResource = new Map<string, { neededFor: string; resource: string; actions: string[] }>();
  for (const m of missing) {
    const key = `${m.neededFor}\n${m.resource}`;
    const entry = perResource.get(key) ?? { neededFor: m.neededFor, resource: m.resource, actions: [] };
    if (!entry.actions.includes(m.action)) entry.actions.push(m.action);
    perResource.set(key, entry);
  }
  const groups = new Map<string, MissingGroup>();
  for (const e of perResource.values()) {
    const key = `${e.neededFor}\n${e.actions.join(",")}`;
    const group = groups.get(key) ?? { neededFor: e.neededFor, actions: e.actions, resources: [] };
    group.resources.push(e.resource);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * The least-privilege fix: an identity policy granting exactly the missing actions on exactly their
 * resources (one statement per resource), for an administrator who does not want AdministratorAccess.
 */
export function policyForMissing(missing: MissingPermission[]): PolicyDocument {
  const byResource = new Map<string, string[]>();
  for (const m of missing) {
    const actions = byResource.get(m.resource) ?? [];
    if (!actions.includes(m.action)) actions.push(m.action);
    byResource.set(m.resource, actions);
  }
  return {
    Version: "2012-10-17",
    Statement: [...byResource].map(([resource, actions], i) => ({
      Sid: `BeaconportSetup${i + 1}`,
      Effect: "Allow",
      Action: actions.length === 1 ? actions[0]! : actions,
      Resource: resource,
    })),
  };
}

/** Where to attach the fix, in the console's words: "the user alice", "the role Admin". */
export function principalDescription(principalArn: string): string {
  const user = /^arn:aws:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(principalArn);
  if (user) return `the IAM user ${user[1]}`;
  const role = /^arn:aws:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(principalArn) ?? /^arn:aws:sts::\d{12}:assumed-role\/([^/]+)\//.exec(principalArn);
  if (role) return `the IAM role ${role[1]}`;
  return principalArn;
}

/**
 * Why step 5 may not plan or run, when step 1 found missing permissions: the pasted identity would fail
 * half-way through the rollout, after changing some accounts. Null when nothing is known to be missing
 * (including when the check could not be made: the plan then shows what cannot be read).
 */
export function permissionsBlock(signIn: { mode: string; accountId?: string; missing?: MissingPermission[] } | undefined): string | null {
  if (!signIn || signIn.mode !== "automated") return null;
  const missing = signIn.missing ?? [];
  if (missing.length === 0) return null;
  const actions = [...new Set(missing.map((m) => m.action))];
  const shown = actions.length > 4 ? `${actions.slice(0, 4).join(", ")} and ${actions.length - 4} more` : actions.join(", ");
  return `The credentials given in step 1 lack ${missing.length} permission(s) the setup needs in account ${signIn.accountId ?? "the home account"} (${shown}). Grant them (step 1 shows the policy to attach) and click "Check again", or sign in with an administrator of that account.`;
}

/** Step 5's server-side guard (a crafted request too): refuses to plan or run while `permissionsBlock` says so. */
export function refuseWhileMissingPermissions(signIn: Parameters<typeof permissionsBlock>[0]): void {
  if (!permissionsBlock(signIn)) return;
  const count = signIn?.missing?.length ?? 0;
  throw new AppError("CONFLICT", `The credentials given in step 1 lack ${count} permission(s) the setup needs: nothing is planned or run until they are granted.`, {
    hint: "Step 1 lists them with the policy to attach; then click Check again there. Nothing has been changed in AWS.",
  });
}
