/** Plain shapes the dashboard page and its components receive. No server imports. */
import type { Finding } from "@/lib/model/types";
import type { AccountStatus } from "./account-status";
import type { DashboardQuery } from "./dashboard-query";
import type { InventoryCounts } from "./parse-stored";

export interface DashboardRow {
  id: string;
  connectionId: string;
  connectionName: string;
  connectionStatus: "draft" | "saved";
  accountId: string;
  accountName: string | null;
  roleName: string;
  roleArn: string;
  /** In full for administrators, masked (`ab••••yz`) for reviewers; null when the roles require none. */
  externalId: string | null;
  status: AccountStatus;
  lastTestStatus: string | null;
  lastTestAt: string | null;
  reason: string | null;
  fix: string | null;
  /** This account's drift findings and its connection's (home account) ones. */
  drift: Finding[];
  inventory: InventoryCounts | null;
}

export interface DashboardSummary {
  connections: number;
  accounts: number;
  byStatus: Record<AccountStatus, number>;
  lastRun: { id: string; kind: string; status: string; at: string; connectionName: string | null } | null;
}

export interface DashboardData {
  query: DashboardQuery;
  rows: DashboardRow[];
  /** Accounts matching the filter (all pages). */
  total: number;
  /** The page actually shown (clamped to the last page). */
  page: number;
  pageCount: number;
  summary: DashboardSummary;
  connections: { id: string; name: string }[];
  viewerRole: "admin" | "reviewer";
}
