import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { accountStatus, ACCOUNT_STATUSES } from "./account-status";
import { DEFAULT_QUERY, type DashboardQuery } from "./dashboard-query";
import { loadDashboard } from "./load-dashboard";
import { seedDashboardAccounts, type SeededConnection } from "./test-support/seed-accounts";

let t: TestDatabase;
let seeded: SeededConnection[];
const ADMIN = { role: "admin" };
const REVIEWER = { role: "reviewer" };
const q = (patch: Partial<DashboardQuery>): DashboardQuery => ({ ...DEFAULT_QUERY, ...patch });

beforeAll(async () => {
  t = await useTestDatabase();
  seeded = await seedDashboardAccounts(t.db, { connections: 4, accounts: 1000, prefix: "Fleet" });
  // Home-account drift on the last connection: all of its accounts that are not failing show as drift.
  await t.db.connection.update({
    where: { id: seeded[3]!.id },
    data: { driftFindings: JSON.stringify([{ rule: "user-inline-policy", severity: "error", step: 6, message: "The collector user has a new inline policy.", fix: "Remove the inline policy; attach managed policies only." }]) },
  });
}, 60_000);
afterAll(async () => {
  await t.cleanup();
});

/** Every account's status computed in JS from the raw rows: the reference the SQL filters must match. */
async function expectedStatuses(): Promise<Map<string, string>> {
  const rows = await t.db.targetAccount.findMany({ select: { id: true, lastTestStatus: true, driftFindings: true, connection: { select: { driftFindings: true } } } });
  return new Map(rows.map((r) => [r.id, accountStatus({ lastTestStatus: r.lastTestStatus, hasDrift: r.driftFindings !== null || r.connection.driftFindings !== null })]));
}

describe("loadDashboard", () => {
  it("pages through 1,000 accounts without repeating or skipping one, even when sort values tie", async () => {
    const seen = new Set<string>();
    const first = await loadDashboard(q({ sort: "lastTest", dir: "desc", size: 100 }), ADMIN);
    expect(first.total).toBe(1000);
    expect(first.pageCount).toBe(10);
    for (let page = 1; page <= first.pageCount; page++) {
      const data = await loadDashboard(q({ sort: "lastTest", dir: "desc", size: 100, page }), ADMIN);
      expect(data.rows).toHaveLength(100);
      for (const row of data.rows) seen.add(row.id);
    }
    expect(seen.size).toBe(1000);
  });

  it("clamps a page past the end to the last page", async () => {
    const data = await loadDashboard(q({ size: 100, page: 99 }), ADMIN);
    expect(data.page).toBe(10);
    expect(data.rows).toHaveLength(100);
  });

  it("filters by each status exactly as the rows' own status says, and the tiles agree", async () => {
    const expected = await expectedStatuses();
    const all = await loadDashboard(q({}), ADMIN);
    let sum = 0;
    for (const status of ACCOUNT_STATUSES) {
      const want = [...expected.values()].filter((s) => s === status).length;
      expect(want).toBeGreaterThan(0);
      const data = await loadDashboard(q({ status, size: 100 }), ADMIN);
      expect(data.total, status).toBe(want);
      expect(all.summary.byStatus[status], status).toBe(want);
      for (const row of data.rows) {
        expect(row.status).toBe(status);
        expect(expected.get(row.id)).toBe(status);
      }
      sum += data.total;
    }
    expect(sum).toBe(1000);
    expect(all.summary.accounts).toBe(1000);
    expect(all.summary.connections).toBe(4);
  });

  it("shows failing accounts with their reason and fix, and drift with the finding and its fix", async () => {
    const failing = await loadDashboard(q({ status: "failing", size: 25 }), ADMIN);
    expect(failing.rows[0]!.reason).toMatch(/assume the role/);
    expect(failing.rows[0]!.fix).toMatch(/trusts the home account/);
    const drift = await loadDashboard(q({ status: "drift", connection: seeded[3]!.id, size: 25 }), ADMIN);
    expect(drift.rows.length).toBeGreaterThan(0);
    for (const row of drift.rows) expect(row.drift.map((f) => f.rule)).toContain("user-inline-policy");
  });

  it("searches by partial account id, by account id as the console prints it, and by connection name in any case", async () => {
    const id = seeded[1]!.accountIds[5]!;
    const partial = await loadDashboard(q({ q: id.slice(4) }), ADMIN);
    expect(partial.rows.map((r) => r.accountId)).toContain(id);
    expect(partial.rows.every((r) => r.accountId.includes(id.slice(4)))).toBe(true);
    const dashed = await loadDashboard(q({ q: `${id.slice(0, 4)}-${id.slice(4, 8)}-${id.slice(8)}` }), ADMIN);
    expect(dashed.rows.map((r) => r.accountId)).toEqual([id]);
    const byConnection = await loadDashboard(q({ q: "fleet CONNECTION c", size: 100 }), ADMIN);
    expect(byConnection.total).toBe(250);
    expect(new Set(byConnection.rows.map((r) => r.connectionName))).toEqual(new Set([seeded[2]!.name]));
    const byName = await loadDashboard(q({ q: "workload-99" }), ADMIN);
    expect(byName.rows.map((r) => r.accountName)).toEqual(expect.arrayContaining(["workload-99", "workload-990"]));
  });

  it("sorts by account descending and by last test with never-tested accounts last", async () => {
    const byAccount = await loadDashboard(q({ sort: "account", dir: "desc", size: 100 }), ADMIN);
    const ids = byAccount.rows.map((r) => r.accountId);
    expect(ids).toEqual([...ids].sort().reverse());
    const lastPage = await loadDashboard(q({ sort: "lastTest", dir: "asc", size: 100, page: 10 }), ADMIN);
    expect(lastPage.rows.at(-1)!.lastTestAt).toBeNull();
    const firstPage = await loadDashboard(q({ sort: "lastTest", dir: "asc", size: 100 }), ADMIN);
    const times = firstPage.rows.map((r) => r.lastTestAt!);
    expect(times).toEqual([...times].sort());
    const byConnDesc = await loadDashboard(q({ sort: "connection", dir: "desc", size: 25 }), ADMIN);
    expect(byConnDesc.rows[0]!.connectionName).toBe(seeded[3]!.name);
  });

  it("shows administrators the external ID and reviewers only a masked form of it", async () => {
    const admin = await loadDashboard(q({ connection: seeded[0]!.id, size: 25 }), ADMIN);
    expect(admin.rows[0]!.externalId).toBe(seeded[0]!.externalId);
    const reviewer = await loadDashboard(q({ connection: seeded[0]!.id, size: 25 }), REVIEWER);
    const ext = seeded[0]!.externalId;
    expect(reviewer.rows[0]!.externalId).toBe(`${ext.slice(0, 2)}••••${ext.slice(-2)}`);
    expect(JSON.stringify(reviewer)).not.toContain(ext);
    expect(reviewer.viewerRole).toBe("reviewer");
  });

  it("gives each row its role ARN and inventory counts", async () => {
    const data = await loadDashboard(q({ status: "passing", size: 25 }), ADMIN);
    const row = data.rows[0]!;
    expect(row.roleArn).toBe(`arn:aws:iam::${row.accountId}:role/ListEC2ForFNMSRole`);
    expect(row.inventory).toEqual({ instances: expect.any(Number), hosts: expect.any(Number), reservedInstances: expect.any(Number), oracleRds: expect.any(Number) });
  });
});
