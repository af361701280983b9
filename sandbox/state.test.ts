import { describe, expect, test } from "vitest";
import { generateOrganization } from "./generate-organization";
import { SandboxState, type StsSession } from "./state";

const session = (id: string, expiration: number): StsSession => ({
  accessKeyId: id, secretAccessKey: "s", sessionToken: "t", accountId: "111111111111", roleName: "R",
  roleArn: "arn:aws:iam::111111111111:role/R", roleId: "AROAX", sessionName: "n", arn: "arn", expiration,
});

describe("SandboxState", () => {
  test("sweeps sessions expired beyond the grace period and caps their number, oldest first", () => {
    const state = new SandboxState(generateOrganization({ members: 0 }), 0);
    state.sessions.set("old", session("old", 1_000));
    state.sessions.set("recent", session("recent", 9_000));
    state.sessions.set("a", session("a", 100_000));
    state.sessions.set("b", session("b", 100_000));
    state.sessions.set("c", session("c", 100_000));
    state.sweepSessions(10_000, 5_000, 2);
    expect([...state.sessions.keys()]).toEqual(["b", "c"]);
  });

  test("refuses fixtures without exactly one management account or with duplicate keys", () => {
    const org = generateOrganization({ members: 1 });
    expect(() => new SandboxState({ accounts: org.accounts.map((a) => ({ ...a, role: "member" as const })) }, 0)).toThrow(/management/);
    const dup = structuredClone(org);
    dup.accounts[1]!.users![0]!.accessKeys = dup.accounts[0]!.users![0]!.accessKeys;
    expect(() => new SandboxState(dup, 0)).toThrow(/duplicate access key/);
  });

  test("a default-version change is in force only from its effective time", () => {
    const state = new SandboxState(generateOrganization({ members: 0 }), 0);
    const account = state.accounts.get("111111111111")!;
    const policy = {
      ...state.awsPolicies.get("arn:aws:iam::aws:policy/ReadOnlyAccess")!,
      versions: [
        { versionId: "v1", document: "old", createDate: new Date(0) },
        { versionId: "v2", document: "new", createDate: new Date(0) },
      ],
      defaultVersionId: "v2",
      previousDefaultVersionId: "v1",
      defaultEffectiveAt: 500,
    };
    expect(state.effectivePolicyDocument(policy, 499)).toBe("old");
    expect(state.effectivePolicyDocument(policy, 500)).toBe("new");
    expect(account.users.get("sandbox-admin")).toBeDefined();
  });
});
