import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { generateOrganization } from "./generate-organization";
import { iamArn, newAccessKey, newRole, newUser } from "./iam-entities";
import { SandboxState } from "./state";

function* sandboxSources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sandboxSources(full);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) yield full;
  }
}

describe("IAM entities have one constructor each", () => {
  test("no sandbox file but iam-entities.ts builds a user, group, role, managed policy or access key literally", () => {
    // A literal typed as the entity, or the entity's unique-id prefix (AIDA user, AGPA group, AROA role, ANPA policy).
    const literal = /:\s*(IamUser|IamGroup|IamRole|ManagedPolicy|AccessKey)\s*=\s*\{|awsId\("(AIDA|AGPA|AROA|ANPA)"|awsId\("AKIA"\)/;
    const offenders = [...sandboxSources(import.meta.dirname)]
      .filter((f) => path.basename(f) !== "iam-entities.ts" && literal.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(import.meta.dirname, f));
    expect(offenders).toEqual([]);
  });

  test("a fixture's entities are the constructors' (same fields, ARNs with their path)", () => {
    const org = generateOrganization({ members: 1 });
    org.accounts[0]!.users!.push({ name: "Pathed", path: "/team/", accessKeys: [{ accessKeyId: "AKIAFIXTURE000000001", secretAccessKey: "s" }] });
    const state = new SandboxState(org, 0);
    const account = state.accounts.get(org.accounts[0]!.accountId)!;
    const fromFixture = account.users.get("pathed")!;
    const built = newUser({ accountId: account.id, name: "Pathed", path: "/team/", createDate: new Date(0) });
    expect(Object.keys(fromFixture).sort()).toEqual(Object.keys(built).sort());
    expect(fromFixture.arn).toBe(iamArn(account.id, "user", "/team/", "Pathed"));
    expect(Object.keys(fromFixture.accessKeys[0]!).sort()).toEqual(Object.keys(newAccessKey({ accountId: account.id, userName: "Pathed", createDate: new Date(0), effectiveAt: 0 })).sort());
    const role = [...state.accounts.get(org.accounts[1]!.accountId)!.roles.values()][0]!;
    expect(Object.keys(role).sort()).toEqual(Object.keys(newRole({ accountId: account.id, name: "R", createDate: new Date(0), trust: "{}", effectiveAt: 0 })).sort());
  });
});
