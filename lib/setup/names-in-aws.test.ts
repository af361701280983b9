import { describe, expect, it } from "vitest";
import type { ConnectionView } from "@/lib/connections/types";
import type { RunView } from "@/lib/runs/types";
import { changesToExistingNames, namesInAws, userRenameExplained } from "./names-in-aws";

const draft = { mode: "automated", progress: {}, targets: [] } as unknown as Pick<ConnectionView, "mode" | "progress" | "targets">;
const rollout = (steps: string[]) => ({ status: "succeeded", events: steps.map((step) => ({ step, status: "done", accountId: null })) }) as unknown as RunView;

describe("namesInAws", () => {
  it("nothing exists before the rollout", () => {
    expect(namesInAws(draft, { rollout: null, verify: null })).toEqual({ user: false, readRolesPolicy: false, inventoryPolicy: false, role: false });
  });

  it("the rollout's finished steps make their names exist", () => {
    expect(namesInAws(draft, { rollout: rollout(["collector-user", "role"]), verify: null })).toMatchObject({ user: true, role: true, readRolesPolicy: false, inventoryPolicy: false });
  });

  it("an access key means the user exists; a passed Verify (do it yourself) means everything does", () => {
    expect(namesInAws({ ...draft, progress: { accessKey: { status: "created", at: "x" } } } as never, { rollout: null, verify: null }).user).toBe(true);
    const manual = { ...draft, mode: "manual" } as typeof draft;
    expect(namesInAws(manual, { rollout: null, verify: { status: "succeeded" } as RunView })).toEqual({ user: true, readRolesPolicy: true, inventoryPolicy: true, role: true });
  });
});

describe("userRenameExplained", () => {
  it("says the user ARN changes, and the key, policy and roles do not; the command quotes the name", () => {
    const r = userRenameExplained("111111111111", "FNMS User's");
    expect(r.arn).toBe("arn:aws:iam::111111111111:user/FNMS User's");
    expect(r.command).toBe(`aws iam update-user --user-name 'FNMS User'\\''s' --new-user-name NEW_NAME`);
    expect(r.changes.join(" ")).toContain("ARN");
    expect(r.unchanged.join(" ")).toMatch(/access key.*role ARNs.*trust the home account/s);
  });
});

describe("changesToExistingNames", () => {
  const current = { names: { inventoryPolicy: "Inv", readRolesPolicy: "Read", role: "Role", user: "User" }, rolePath: "/" };
  const all = { user: true, readRolesPolicy: true, inventoryPolicy: true, role: true };
  it("refuses renaming a policy or role that exists, and moving the roles", () => {
    expect(Object.keys(changesToExistingNames(current, { names: { inventoryPolicy: "Inv2", role: "Role2" }, rolePath: "/x/" }, all))).toEqual(["inventoryPolicy", "role", "rolePath"]);
  });
  it("allows the same names, names of things not created yet, and the collector user (its rename path)", () => {
    expect(changesToExistingNames(current, { names: { inventoryPolicy: "Inv", role: "Role", user: "User2" }, rolePath: "/" }, all)).toEqual({});
    expect(changesToExistingNames(current, { names: { inventoryPolicy: "Inv2" } }, { ...all, inventoryPolicy: false })).toEqual({});
  });
});
