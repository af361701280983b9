import { describe, expect, it } from "vitest";
import { roleNotes, type DesiredRole, type RoleState } from "./ensure-role";
import { userNotes } from "./ensure-user";
import { describePlanNote, planNoteSchema, type PlanNote } from "./plan-notes";

const HOME = "111111111111";
const ARN = `arn:aws:iam::${HOME}:policy/team/Other`;

describe("plan notes: data, with the wording derived", () => {
  it("the collector user's notes: inline policies, other attachments, groups", () => {
    const notes = userNotes(
      { exists: true, arn: `arn:aws:iam::${HOME}:user/FNMSUser`, attachedPolicyArns: [`arn:aws:iam::${HOME}:policy/ReadRolesForFNMS`, ARN], inlinePolicyNames: ["OldInline"], groupNames: ["ops"] },
      { accountId: HOME, name: "FNMSUser", policyArns: [`arn:aws:iam::${HOME}:policy/ReadRolesForFNMS`] },
    );
    expect(notes).toEqual([
      { kind: "user-inline-policy", userName: "FNMSUser", policyName: "OldInline" },
      { kind: "user-policy-attached", userName: "FNMSUser", policyArn: ARN },
      { kind: "user-in-group", userName: "FNMSUser", groupName: "ops" },
    ]);
    expect(userNotes({ exists: false, arn: "a" }, { accountId: HOME, name: "FNMSUser", policyArns: [] })).toEqual([]);
  });

  it("the role's notes: another path, other attachments", () => {
    const desired = { name: "FNMSInventoryRole", path: "/" } as DesiredRole;
    const state = { exists: true, path: "/old/", otherAttachments: [ARN] } as RoleState;
    expect(roleNotes(state, desired)).toEqual([
      { kind: "role-path-differs", roleName: "FNMSInventoryRole", path: "/old/", wantedPath: "/" },
      { kind: "role-policy-attached", roleName: "FNMSInventoryRole", policyArn: ARN },
    ]);
  });

  it("reads as before", () => {
    const notes: PlanNote[] = [
      { kind: "manual-account" },
      { kind: "role-path-differs", roleName: "R", path: "/old/", wantedPath: "/" },
      { kind: "role-policy-attached", roleName: "R", policyArn: ARN },
      { kind: "user-inline-policy", userName: "U", policyName: "OldInline" },
      { kind: "user-policy-attached", userName: "U", policyArn: ARN },
      { kind: "user-in-group", userName: "U", groupName: "ops" },
    ];
    expect(notes.map(describePlanNote)).toEqual([
      "set up by hand: the portal does not sign in to this account",
      "role exists with path /old/, not / (IAM cannot move a role; left as is)",
      `also attached to the role (left alone): ${ARN}`,
      "inline policy OldInline found on U: the beacon ignores inline policies (step 6.5); remove it once the managed policy is attached",
      `other managed policy attached to U: ${ARN} (left alone)`,
      "U is in group ops: the beacon then needs iam:ListAttachedGroupPolicies (granted by the read-roles policy)",
    ]);
    // A stored plan's notes parse back as the same data.
    expect(notes.map((n) => planNoteSchema.parse(JSON.parse(JSON.stringify(n))))).toEqual(notes);
  });
});
