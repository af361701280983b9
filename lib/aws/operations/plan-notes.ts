/**
 * What a plan found and leaves alone, as data: a kind and its fields, with the wording users read
 * derived from it (`describePlanNote`). Repair turns the notes into by-hand commands from the fields,
 * never from the wording. Pure (client-safe): the stored plan run parses them with `planNoteSchema`.
 */
import { z } from "zod";

export const planNoteSchema = z.discriminatedUnion("kind", [
  /** The administrator sets the account up by hand: nothing is read or planned there. */
  z.object({ kind: z.literal("manual-account") }),
  /** The role exists at another path; IAM cannot move a role. */
  z.object({ kind: z.literal("role-path-differs"), roleName: z.string(), path: z.string(), wantedPath: z.string() }),
  /** A managed policy other than the inventory policy is attached to the role. */
  z.object({ kind: z.literal("role-policy-attached"), roleName: z.string(), policyArn: z.string() }),
  /** The collector user has an inline policy (the beacon ignores inline policies, step 6.5). */
  z.object({ kind: z.literal("user-inline-policy"), userName: z.string(), policyName: z.string() }),
  /** A managed policy other than the read-roles policies is attached to the collector user. */
  z.object({ kind: z.literal("user-policy-attached"), userName: z.string(), policyArn: z.string() }),
  /** The collector user is in a group (the beacon then needs iam:ListAttachedGroupPolicies). */
  z.object({ kind: z.literal("user-in-group"), userName: z.string(), groupName: z.string() }),
]);

export type PlanNote = z.infer<typeof planNoteSchema>;

/** The note as users read it in the plan, the run's details and Repair's "not changed" list. */
export function describePlanNote(note: PlanNote): string {
  switch (note.kind) {
    case "manual-account":
      return "set up by hand: the portal does not sign in to this account";
    case "role-path-differs":
      return `role exists with path ${note.path}, not ${note.wantedPath} (IAM cannot move a role; left as is)`;
    case "role-policy-attached":
      return `also attached to the role (left alone): ${note.policyArn}`;
    case "user-inline-policy":
      return `inline policy ${note.policyName} found on ${note.userName}: the beacon ignores inline policies (step 6.5); remove it once the managed policy is attached`;
    case "user-policy-attached":
      return `other managed policy attached to ${note.userName}: ${note.policyArn} (left alone)`;
    case "user-in-group":
      return `${note.userName} is in group ${note.groupName}: the beacon then needs iam:ListAttachedGroupPolicies (granted by the read-roles policy)`;
  }
}
