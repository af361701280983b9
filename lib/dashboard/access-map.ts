/**
 * The access map as data: collector user → read-roles policies → each target account's role → its
 * inventory policy, with a status on every link so the one that broke stands out. Pure (client-safe):
 * the page loads `AccessMapData` on the server and the client lays it out as the reader filters,
 * groups and expands.
 */
import type { Finding } from "@/lib/model/types";
import { STATUS_LABEL, type AccountStatus } from "./account-status";

/** What a link or node shows. `unreached`: after a broken link, the beacon never got that far. */
export type LinkState = "passed" | "failed" | "drift" | "untested" | "unreached";

/** The three links of one account's chain, in order. */
export const LINKS = ["user-policy", "policy-role", "role-inventory"] as const;
export type LinkName = (typeof LINKS)[number];

export interface AccessMapAccount {
  accountId: string;
  name: string | null;
  status: AccountStatus;
  /** Index into `policies`: the read-roles policy that lists this account's role ARN. */
  policyIndex: number;
  roleArn: string;
  lastTestAt: string | null;
  reason: string | null;
  fix: string | null;
  check: string | null;
  drift: Finding[];
  /** States of user→policy, policy→role, role→inventory. */
  links: [LinkState, LinkState, LinkState];
}

export interface AccessMapData {
  connection: {
    id: string;
    name: string;
    status: "draft" | "saved";
    homeAccountId: string | null;
    userName: string;
    userArn: string | null;
    /** Masked for reviewers. */
    externalId: string | null;
    lastTestStatus: string | null;
    lastTestAt: string | null;
    drift: Finding[];
  };
  names: { role: string; inventoryPolicy: string; readRolesPolicy: string; user: string };
  policies: { name: string; roleCount: number }[];
  accounts: AccessMapAccount[];
}

/** Calls the collector user makes itself, before assuming any role. */
const USER_CHECKS = new Set(["iam:GetUser", "iam:ListAttachedUserPolicies", "iam:ListGroupsForUser", "iam:ListAttachedGroupPolicies", "iam:GetPolicy", "iam:GetPolicyVersion", "sts:GetCallerIdentity"]);

/** Which link a failing beacon call belongs to (see ConnectionCheck.check in lib/aws/connection-test). */
export function linkOfCheck(check: string | null): LinkName {
  if (check === null) return "policy-role";
  if (USER_CHECKS.has(check)) return "user-policy";
  // The policies list no exact ARN for this role, or AWS refused the AssumeRole (missing role, trust, external ID).
  if (check === "sts:AssumeRole" || check === "assume-role-resources" || check === "missing-account") return "policy-role";
  if (check.startsWith("ec2:") || check.startsWith("rds:") || check === "iam:ListAccountAliases") return "role-inventory";
  return "policy-role";
}

/** Which link a drift finding is about, by the procedure step it violates. */
export function linkOfFinding(finding: Pick<Finding, "step">): LinkName {
  if (finding.step === 2) return "role-inventory";
  if (finding.step === 4 || finding.step === 5) return "policy-role";
  return "user-policy";
}

export function accountLinks(input: { status: AccountStatus; check: string | null; drift: Pick<Finding, "step">[] }): [LinkState, LinkState, LinkState] {
  switch (input.status) {
    case "never":
      return ["untested", "untested", "untested"];
    case "passing":
      return ["passed", "passed", "passed"];
    case "failing": {
      const broken = LINKS.indexOf(linkOfCheck(input.check));
      return LINKS.map((_, i) => (i < broken ? "passed" : i === broken ? "failed" : "unreached")) as [LinkState, LinkState, LinkState];
    }
    case "drift": {
      const drifted = new Set(input.drift.map(linkOfFinding));
      return LINKS.map((l) => (drifted.has(l) ? "drift" : "passed")) as [LinkState, LinkState, LinkState];
    }
  }
}

/** The worst of several states, for a node or link shared by many accounts. */
export function worstState(states: Iterable<LinkState>): LinkState {
  const rank: LinkState[] = ["failed", "drift", "passed", "untested", "unreached"];
  let best = rank.length - 1;
  let any = false;
  for (const s of states) {
    any = true;
    best = Math.min(best, rank.indexOf(s));
  }
  return any ? (rank[best] ?? "untested") : "untested";
}

// ---- view: filter, group, collapse -------------------------------------------------------------

export interface AccessMapView {
  search: string;
  onlyProblems: boolean;
  /** Groups the reader opened or closed; absent means the default for the map's size. */
  expanded: Partial<Record<AccountStatus, boolean>>;
  /** How many accounts of an expanded group are shown (grows with "show more"). */
  shown: Partial<Record<AccountStatus, number>>;
}

export const GROUP_PAGE = 50;
/** Up to this many accounts, every group starts open: the whole diagram is readable at once. */
export const SMALL_MAP = 20;

export const GROUP_ORDER: readonly AccountStatus[] = ["failing", "drift", "never", "passing"];

export interface AccessMapGroup {
  status: AccountStatus;
  /** Accounts of this status matching the search. */
  accounts: AccessMapAccount[];
  expanded: boolean;
  /** Accounts drawn (expanded groups show the first `shown`). */
  visible: AccessMapAccount[];
  /** Policies listing any account of the group (collapsed groups link to these). */
  policyIndexes: number[];
}

export function defaultExpanded(status: AccountStatus, totalAccounts: number): boolean {
  return totalAccounts <= SMALL_MAP || status === "failing" || status === "drift";
}

function matches(account: AccessMapAccount, search: string): boolean {
  if (search === "") return true;
  const needle = search.toLowerCase();
  const digits = needle.replace(/[\s-]/g, "");
  return account.accountId.includes(digits || needle) || (account.name?.toLowerCase().includes(needle) ?? false);
}

export function groupAccounts(data: AccessMapData, view: AccessMapView): AccessMapGroup[] {
  const search = view.search.trim();
  const groups: AccessMapGroup[] = [];
  for (const status of GROUP_ORDER) {
    if (view.onlyProblems && status !== "failing" && status !== "drift") continue;
    const accounts = data.accounts.filter((a) => a.status === status && matches(a, search));
    if (accounts.length === 0) continue;
    // A search narrows the map to a few accounts: show them rather than a closed group.
    const expanded = view.expanded[status] ?? (search !== "" ? accounts.length <= GROUP_PAGE : defaultExpanded(status, data.accounts.length));
    const shown = Math.max(GROUP_PAGE, view.shown[status] ?? GROUP_PAGE);
    groups.push({
      status,
      accounts,
      expanded,
      visible: expanded ? accounts.slice(0, shown) : [],
      policyIndexes: [...new Set(accounts.map((a) => a.policyIndex))].sort((a, b) => a - b),
    });
  }
  return groups;
}


// ---- layout: positions for an SVG diagram ------------------------------------------------------

export const COLUMNS = { user: 16, policy: 256, role: 496, inventory: 736 } as const;
export const NODE_W = 208;
export const NODE_H = 36;
export const MAP_WIDTH = COLUMNS.inventory + NODE_W + 16;
const ROW = 46;
const LABEL_ROW = 30;
const TOP = 16;

export type MapNode =
  | { kind: "user"; key: string; x: number; y: number; state: LinkState; label: string; sublabel: string }
  | { kind: "policy"; key: string; x: number; y: number; state: LinkState; label: string; sublabel: string; index: number }
  | { kind: "role" | "inventory"; key: string; x: number; y: number; state: LinkState; label: string; sublabel: string; accountId: string }
  | { kind: "group"; key: string; x: number; y: number; w: number; state: LinkState; label: string; sublabel: string; status: AccountStatus }
  | { kind: "label"; key: string; x: number; y: number; label: string; status: AccountStatus }
  | { kind: "more"; key: string; x: number; y: number; w: number; label: string; status: AccountStatus; hidden: number };

export interface MapEdge {
  key: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  state: LinkState;
}

export interface MapLayout {
  width: number;
  height: number;
  nodes: MapNode[];
  edges: MapEdge[];
}

function groupState(group: AccessMapGroup, link: 0 | 1 | 2): LinkState {
  return worstState(group.accounts.map((a) => a.links[link]));
}

/**
 * Rows top to bottom: per group a label, then its accounts (role and inventory policy side by side),
 * or one wide node for a closed group. Each policy sits beside the rows it links to; the user beside
 * its policies. Edges go from the right middle of one node to the left middle of the next.
 */
export function layoutAccessMap(data: AccessMapData, groups: AccessMapGroup[]): MapLayout {
  const nodes: MapNode[] = [];
  const edges: MapEdge[] = [];
  /** Per policy: the y of every row it links to, and the states of those links. */
  const policyRows = data.policies.map(() => ({ ys: [] as number[], states: [] as LinkState[] }));
  const pending: { policy: number; y: number; state: LinkState; key: string }[] = [];
  let y = TOP;
  for (const group of groups) {
    nodes.push({ kind: "label", key: `label-${group.status}`, x: COLUMNS.role, y, label: `${STATUS_LABEL[group.status]} · ${group.accounts.length} account${group.accounts.length === 1 ? "" : "s"}`, status: group.status });
    y += LABEL_ROW;
    if (!group.expanded) {
      const state = groupState(group, 1);
      nodes.push({ kind: "group", key: `group-${group.status}`, x: COLUMNS.role, y, w: COLUMNS.inventory + NODE_W - COLUMNS.role, state, label: `${group.accounts.length} ${STATUS_LABEL[group.status].toLowerCase()} account${group.accounts.length === 1 ? "" : "s"}`, sublabel: "collapsed — select to expand", status: group.status });
      for (const p of group.policyIndexes) {
        policyRows[p]?.ys.push(y + NODE_H / 2);
        policyRows[p]?.states.push(groupState(group, 0));
        pending.push({ policy: p, y: y + NODE_H / 2, state, key: `e-${p}-group-${group.status}` });
      }
      y += ROW;
      continue;
    }
    for (const a of group.visible) {
      const mid = y + NODE_H / 2;
      nodes.push({ kind: "role", key: `role-${a.accountId}`, x: COLUMNS.role, y, state: a.links[1], label: a.accountId, sublabel: a.name ?? data.names.role, accountId: a.accountId });
      nodes.push({ kind: "inventory", key: `inv-${a.accountId}`, x: COLUMNS.inventory, y, state: a.links[2], label: data.names.inventoryPolicy, sublabel: a.links[2] === "failed" ? "missing or too narrow" : a.links[2] === "drift" ? "changed since setup" : `in ${a.accountId}`, accountId: a.accountId });
      edges.push({ key: `e-role-inv-${a.accountId}`, x1: COLUMNS.role + NODE_W, y1: mid, x2: COLUMNS.inventory, y2: mid, state: a.links[2] });
      policyRows[a.policyIndex]?.ys.push(mid);
      policyRows[a.policyIndex]?.states.push(a.links[0]);
      pending.push({ policy: a.policyIndex, y: mid, state: a.links[1], key: `e-pol-role-${a.accountId}` });
      y += ROW;
    }
    const hidden = group.accounts.length - group.visible.length;
    if (hidden > 0) {
      nodes.push({ kind: "more", key: `more-${group.status}`, x: COLUMNS.role, y, w: COLUMNS.inventory + NODE_W - COLUMNS.role, label: `Show ${Math.min(hidden, GROUP_PAGE)} more (${hidden} not shown)`, status: group.status, hidden });
      y += ROW;
    }
  }
  const contentBottom = Math.max(y, TOP + NODE_H + 8);

  // Policies beside their rows, then pushed apart so none overlap.
  const wanted = data.policies.map((_, i) => {
    const ys = policyRows[i]?.ys ?? [];
    return { i, y: ys.length ? ys.reduce((s, v) => s + v, 0) / ys.length - NODE_H / 2 : TOP };
  });
  wanted.sort((a, b) => a.y - b.y || a.i - b.i);
  const policyY: number[] = [];
  let floor = TOP;
  for (const w of wanted) {
    const py = Math.max(w.y, floor);
    policyY[w.i] = py;
    floor = py + ROW;
  }
  const policyStates = data.policies.map((_, i) => worstState(policyRows[i]?.states ?? []));
  data.policies.forEach((p, i) => {
    nodes.push({ kind: "policy", key: `policy-${i}`, x: COLUMNS.policy, y: policyY[i] ?? TOP, state: policyStates[i] ?? "untested", label: p.name, sublabel: `${p.roleCount} role ARN${p.roleCount === 1 ? "" : "s"}`, index: i });
  });
  for (const e of pending) {
    const py = (policyY[e.policy] ?? TOP) + NODE_H / 2;
    edges.push({ key: e.key, x1: COLUMNS.policy + NODE_W, y1: py, x2: COLUMNS.role, y2: e.y, state: e.state });
  }

  const ys = policyY.length ? policyY : [TOP];
  const userY = (Math.min(...ys) + Math.max(...ys)) / 2;
  const userState = worstState([...policyStates, ...(data.connection.drift.some((f) => linkOfFinding(f) === "user-policy") ? (["drift"] as LinkState[]) : [])]);
  nodes.unshift({ kind: "user", key: "user", x: COLUMNS.user, y: userY, state: userState, label: data.names.user, sublabel: data.connection.homeAccountId ? `in ${data.connection.homeAccountId}` : "home account" });
  data.policies.forEach((_, i) => {
    edges.unshift({ key: `e-user-pol-${i}`, x1: COLUMNS.user + NODE_W, y1: userY + NODE_H / 2, x2: COLUMNS.policy, y2: (policyY[i] ?? TOP) + NODE_H / 2, state: policyStates[i] ?? "untested" });
  });

  const bottom = Math.max(contentBottom, floor, userY + ROW);
  return { width: MAP_WIDTH, height: bottom + 8, nodes, edges };
}
