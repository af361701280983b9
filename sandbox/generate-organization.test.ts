import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { describe, expect, test } from "vitest";
import { generateOrganization, startSandbox } from "./index";
import { clientsFor } from "./testing";

describe("generateOrganization", () => {
  test("is deterministic per seed and differs across seeds", () => {
    const a = generateOrganization({ members: 5, seed: 7 });
    const b = generateOrganization({ members: 5, seed: 7 });
    const c = generateOrganization({ members: 5, seed: 8 });
    expect(a).toEqual(b);
    expect(a.accounts[1]?.users?.[0]?.accessKeys?.[0]?.accessKeyId).not.toBe(c.accounts[1]?.users?.[0]?.accessKeys?.[0]?.accessKeyId);
  });

  test("shapes accounts like AWS: ids, keys, org role, Oracle and PostgreSQL across regions", () => {
    const org = generateOrganization({ members: 12, dbInstancesPerAccount: 3 });
    expect(org.accounts).toHaveLength(13);
    expect(org.accounts.filter((a) => a.role === "management")).toHaveLength(1);
    expect(new Set(org.accounts.map((a) => a.accountId)).size).toBe(13);
    for (const account of org.accounts) {
      expect(account.accountId).toMatch(/^\d{12}$/);
      const key = account.users?.[0]?.accessKeys?.[0];
      expect(key?.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
      expect(key?.secretAccessKey).toHaveLength(40);
      if (account.role === "member") expect(account.roles?.[0]?.name).toBe("OrganizationAccountAccessRole");
    }
    const engines = new Set(org.accounts.flatMap((a) => a.dbInstances?.map((d) => d.engine) ?? []));
    expect(engines).toEqual(new Set(["oracle-ee", "oracle-se2", "postgres"]));
    const regions = new Set(org.accounts.flatMap((a) => a.ec2Instances?.map((i) => i.region) ?? []));
    expect(regions).toEqual(new Set(["us-east-1", "eu-west-1", "ap-southeast-2"]));
    expect(org.accounts.some((a) => a.alias === undefined)).toBe(true);
  });

  // Its start-up time (target: under 1 s) is measured by `npm run bench:sandbox-start`, not asserted here.
  test("a 1,000-account organization starts and works end to end", async () => {
    const fixture = generateOrganization({ members: 1000 });
    const sandbox = await startSandbox({ fixture });
    try {
      expect(sandbox.accounts).toHaveLength(1001);
      const last = sandbox.accounts[1000]!;
      const { sts } = clientsFor(sandbox, sandbox.home);
      const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${last.accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: "bench" }));
      expect(assumed.AssumedRoleUser?.Arn).toContain(last.accountId);
      expect((await clientsFor(sandbox, last).sts.send(new GetCallerIdentityCommand({}))).Account).toBe(last.accountId);
    } finally {
      await sandbox.stop();
    }
  });
});
