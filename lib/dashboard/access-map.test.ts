import { describe, expect, it } from "vitest";
import type { AccountStatus } from "./account-status";
import { accountLinks, groupAccounts, layoutAccessMap, linkOfCheck, type AccessMapAccount, type AccessMapData, type AccessMapView } from "./access-map";

function account(i: number, status: AccountStatus, extra: Partial<AccessMapAccount> = {}): AccessMapAccount {
  const check = status === "failing" ? (extra.check ?? "sts:AssumeRole") : null;
  const drift = extra.drift ?? [];
  return {
    accountId: String(100000000000 + i),
    name: i % 2 ? `app-${i}` : null,
    status,
    policyIndex: extra.policyIndex ?? 0,
    roleArn: `arn:aws:iam::${100000000000 + i}:role/ListEC2ForFNMSRole`,
    lastTestAt: null,
    reason: null,
    fix: null,
    check,
    drift,
    links: accountLinks({ status, check, drift }),
    ...extra,
  };
}

function map(accounts: AccessMapAccount[], policies = 1): AccessMapData {
  return {
    connection: { id: "c1", name: "Prod", status: "saved", homeAccountId: "111122223333", userName: "FNMSUser", userArn: null, externalId: null, lastTestStatus: "failed", lastTestAt: null, drift: [] },
    names: { role: "ListEC2ForFNMSRole", inventoryPolicy: "ListInventoryForFNMS", readRolesPolicy: "ReadRolesForFNMS", user: "FNMSUser" },
    policies: Array.from({ length: policies }, (_, i) => ({ name: i === 0 ? "ReadRolesForFNMS" : `ReadRolesForFNMS-${i + 1}`, roleCount: accounts.filter((a) => a.policyIndex === i).length })),
    accounts,
  };
}

const VIEW: AccessMapView = { search: "", onlyProblems: false, expanded: {}, shown: {} };

describe("accountLinks", () => {
  it("marks the link a failing call belongs to, the ones before it passed and the ones after unreached", () => {
    expect(accountLinks({ status: "failing", check: "sts:AssumeRole", drift: [] })).toEqual(["passed", "failed", "unreached"]);
    expect(accountLinks({ status: "failing", check: "ec2:DescribeHosts", drift: [] })).toEqual(["passed", "passed", "failed"]);
    expect(accountLinks({ status: "failing", check: "iam:ListAttachedUserPolicies", drift: [] })).toEqual(["failed", "unreached", "unreached"]);
  });
  it("marks drift on the link of the finding's procedure step", () => {
    expect(accountLinks({ status: "drift", check: null, drift: [{ step: 2 }] })).toEqual(["passed", "passed", "drift"]);
    expect(accountLinks({ status: "drift", check: null, drift: [{ step: 4 }, { step: 6 }] })).toEqual(["drift", "drift", "passed"]);
  });
  it("reads an unknown failing call as the role link", () => {
    expect(linkOfCheck(null)).toBe("policy-role");
    expect(linkOfCheck("rds:DescribeDBInstances")).toBe("role-inventory");
  });
});

describe("groupAccounts", () => {
  it("shows every account of a small map, failing first", () => {
    const data = map([account(1, "passing"), account(2, "failing"), account(3, "never")]);
    const groups = groupAccounts(data, VIEW);
    expect(groups.map((g) => g.status)).toEqual(["failing", "never", "passing"]);
    expect(groups.every((g) => g.expanded)).toBe(true);
  });

  it("collapses healthy groups of a large map but keeps problems open, paged", () => {
    const accounts = Array.from({ length: 500 }, (_, i) => account(i, i < 120 ? "failing" : i < 125 ? "drift" : "passing"));
    const groups = groupAccounts(map(accounts), VIEW);
    const byStatus = Object.fromEntries(groups.map((g) => [g.status, g]));
    expect(byStatus.passing!.expanded).toBe(false);
    expect(byStatus.passing!.visible).toEqual([]);
    expect(byStatus.failing!.expanded).toBe(true);
    expect(byStatus.failing!.visible).toHaveLength(50);
    const more = groupAccounts(map(accounts), { ...VIEW, shown: { failing: 100 }, expanded: { passing: true } });
    expect(more.find((g) => g.status === "failing")!.visible).toHaveLength(100);
    expect(more.find((g) => g.status === "passing")!.visible).toHaveLength(50);
  });

  it("filters by search (account id as the console prints it, or name) and by problems only", () => {
    const data = map([account(1, "passing"), account(2, "failing"), account(3, "drift", { drift: [{ rule: "r", severity: "error", step: 2, message: "m", fix: "f" }] })]);
    const found = groupAccounts(data, { ...VIEW, search: "1000-0000-0003" });
    expect(found.flatMap((g) => g.visible.map((a) => a.accountId))).toEqual(["100000000003"]);
    expect(groupAccounts(data, { ...VIEW, search: "APP-1" }).flatMap((g) => g.accounts.map((a) => a.accountId))).toEqual(["100000000001"]);
    expect(groupAccounts(data, { ...VIEW, onlyProblems: true }).map((g) => g.status)).toEqual(["failing", "drift"]);
  });
});

describe("layoutAccessMap", () => {
  it("draws user → policy → role → inventory for each account, coloured by its links", () => {
    const data = map([account(1, "passing"), account(2, "failing", { check: "ec2:DescribeInstances" })]);
    const layout = layoutAccessMap(data, groupAccounts(data, VIEW));
    const kinds = layout.nodes.map((n) => n.kind);
    expect(kinds.filter((k) => k === "user")).toHaveLength(1);
    expect(kinds.filter((k) => k === "policy")).toHaveLength(1);
    expect(kinds.filter((k) => k === "role")).toHaveLength(2);
    expect(kinds.filter((k) => k === "inventory")).toHaveLength(2);
    const edge = (key: string) => layout.edges.find((e) => e.key === key)!;
    expect(edge("e-role-inv-100000000002").state).toBe("failed");
    expect(edge("e-role-inv-100000000001").state).toBe("passed");
    expect(edge("e-pol-role-100000000002").state).toBe("passed");
    // Every edge starts at the right edge of a node and ends at the left edge of another.
    for (const e of layout.edges) expect(e.x2).toBeGreaterThan(e.x1);
  });

  it("keeps 500 accounts to a bounded diagram: closed groups are one node linked to their policies", () => {
    const accounts = Array.from({ length: 500 }, (_, i) => account(i, i % 50 === 0 ? "failing" : "passing", { policyIndex: i < 300 ? 0 : 1 }));
    const data = map(accounts, 2);
    const layout = layoutAccessMap(data, groupAccounts(data, VIEW));
    expect(layout.nodes.filter((n) => n.kind === "role")).toHaveLength(10);
    const group = layout.nodes.find((n) => n.kind === "group")!;
    expect(group.label).toBe("490 passing accounts");
    expect(layout.edges.filter((e) => e.key.includes("group-passing"))).toHaveLength(2);
    expect(layout.height).toBeLessThan(1000);
    // Policies never overlap.
    const ys = layout.nodes.filter((n) => n.kind === "policy").map((n) => n.y).sort((a, b) => a - b);
    expect(ys[1]! - ys[0]!).toBeGreaterThanOrEqual(36);
  });
});
