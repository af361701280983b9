import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { loadAccessMap } from "./load-access-map";
import { seedDashboardAccounts, type SeededConnection } from "./test-support/seed-accounts";

let t: TestDatabase;
let seeded: SeededConnection[];

beforeAll(async () => {
  t = await useTestDatabase();
  // 300 accounts in one connection: more role ARNs than one managed policy holds, so the read-roles policy splits.
  seeded = await seedDashboardAccounts(t.db, { connections: 1, accounts: 300, prefix: "Map" });
}, 60_000);
afterAll(async () => {
  await t.cleanup();
});

describe("loadAccessMap", () => {
  it("links each account to the split read-roles policy that lists its role ARN", async () => {
    const map = await loadAccessMap(seeded[0]!.id, { role: "admin" });
    expect(map.accounts).toHaveLength(300);
    expect(map.policies.length).toBeGreaterThan(1);
    expect(map.policies.map((p) => p.name).slice(0, 2)).toEqual(["ReadRolesForFNMS", "ReadRolesForFNMS-2"]);
    expect(map.policies.reduce((n, p) => n + p.roleCount, 0)).toBe(300);
    // Accounts fill the policies in account order: the first policy's count of accounts has index 0, and so on.
    const first = map.policies[0]!.roleCount;
    expect(map.accounts.slice(0, first).every((a) => a.policyIndex === 0)).toBe(true);
    expect(map.accounts[first]!.policyIndex).toBe(1);
  });

  it("colours the failing link from the stored failing call and keeps drift on its own link", async () => {
    const map = await loadAccessMap(seeded[0]!.id, { role: "admin" });
    const failing = map.accounts.find((a) => a.status === "failing")!;
    expect(failing.check).toBe("sts:AssumeRole");
    expect(failing.links).toEqual(["passed", "failed", "unreached"]);
    expect(failing.reason).toMatch(/assume the role/);
    const drift = map.accounts.find((a) => a.status === "drift")!;
    expect(drift.links).toEqual(["passed", "passed", "drift"]);
    expect(map.accounts.find((a) => a.status === "never")!.links).toEqual(["untested", "untested", "untested"]);
  });

  it("masks the external ID for reviewers only", async () => {
    expect((await loadAccessMap(seeded[0]!.id, { role: "admin" })).connection.externalId).toBe(seeded[0]!.externalId);
    const reviewer = await loadAccessMap(seeded[0]!.id, { role: "reviewer" });
    expect(reviewer.connection.externalId).toMatch(/^ex••••[0-9a-z]{2}$/);
    expect(JSON.stringify(reviewer)).not.toContain(seeded[0]!.externalId);
  });

  it("answers NOT_FOUND for an unknown connection", async () => {
    await expect(loadAccessMap("no-such-connection", { role: "admin" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
