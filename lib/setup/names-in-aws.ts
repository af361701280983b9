/**
 * Which of the setup's names already belong to something that exists in AWS. Those are read-only in
 * the wizard: editing one would only change what the portal expects, not the thing itself. Pure
 * (client-safe), derived from the stored connection and its latest runs like the step states.
 */
import { shellQuote } from "@/lib/artefacts/quote";
import { userArn } from "@/lib/policies";
import type { ConnectionView, DraftModel } from "@/lib/connections/types";
import type { RunView } from "@/lib/runs/types";

export type SetupNameKey = "inventoryPolicy" | "readRolesPolicy" | "role" | "user";

function stepDone(run: RunView | null, step: string): boolean {
  return run?.events.some((e) => e.step === step && e.status === "done") ?? false;
}

export function namesInAws(c: Pick<ConnectionView, "mode" | "progress" | "targets">, runs: { rollout: RunView | null; verify: RunView | null }): Record<SetupNameKey, boolean> {
  const verified = c.mode === "manual" && runs.verify?.status === "succeeded";
  // The access key is created for an existing user, whose read-roles policy the rollout attached first.
  const key = Boolean(c.progress.accessKey);
  const anyTargetDone = c.targets.some((t) => t.setupStatus === "done" && t.accessMethod !== "manual");
  return {
    user: verified || key || stepDone(runs.rollout, "collector-user"),
    readRolesPolicy: verified || key || stepDone(runs.rollout, "read-roles-policy"),
    inventoryPolicy: verified || anyTargetDone || stepDone(runs.rollout, "inventory-policy"),
    role: verified || anyTargetDone || stepDone(runs.rollout, "role"),
  };
}

/**
 * What renaming the collector user does (IAM UpdateUser), for the "Rename" path of step 6: the user keeps
 * its access keys and attached policies; only its ARN changes. The roles trust the home account (not the
 * user) and the read-roles policy names roles, so neither changes, and the beacon's role ARNs stay.
 */
export function userRenameExplained(homeAccountId: string | undefined, currentName: string): { arn: string; command: string; changes: string[]; unchanged: string[] } {
  const home = homeAccountId ?? "HOME_ACCOUNT_ID";
  return {
    arn: userArn(home, currentName),
    command: `aws iam update-user --user-name ${shellQuote(currentName)} --new-user-name NEW_NAME`,
    changes: [`The user's ARN: ${userArn(home, currentName)} becomes ${userArn(home, "NEW_NAME")}.`, "Anything outside this setup that names the user's ARN (your own policies, alerts) must be updated by you."],
    unchanged: [
      "Its access key: the beacon keeps signing in with the same key and secret.",
      "Its attached read-roles policy, and the role ARNs the beacon reads from it.",
      "The roles in the target accounts: they trust the home account, not the user.",
    ],
  };
}

const FIXED: { field: "inventoryPolicy" | "readRolesPolicy" | "role"; what: string }[] = [
  { field: "inventoryPolicy", what: "a policy" },
  { field: "readRolesPolicy", what: "a policy" },
  { field: "role", what: "a role" },
];

/**
 * The settings action's check (the form shows these names read-only; a crafted request must not change
 * them either): field errors for a change to the name of a policy or role that exists in AWS. The
 * collector user is not here: its rename path records the name the admin gave it in AWS.
 */
export function changesToExistingNames(current: Pick<DraftModel, "names" | "rolePath">, patch: { names?: Partial<NonNullable<DraftModel["names"]>>; rolePath?: string }, inAws: Record<SetupNameKey, boolean>): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const { field, what } of FIXED) {
    const next = patch.names?.[field];
    if (inAws[field] && next !== undefined && next !== current.names?.[field]) errors[field] = [`It exists in AWS: IAM cannot rename ${what}, so the name stays ${current.names?.[field] ?? ""}.`];
  }
  if (inAws.role && patch.rolePath !== undefined && patch.rolePath !== (current.rolePath ?? "/")) errors.rolePath = ["The roles exist in AWS: IAM cannot move a role to another path."];
  return errors;
}
