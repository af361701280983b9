/**
 * The stored shape of a connection test's result (Run.result of kind "connection-test"), read by the
 * step-8 card, the Save gate and the reviewer view. Pure: client components import the types.
 */
export interface InventoryCounts {
  instances: number;
  hosts: number;
  reservedInstances: number;
  oracleRds: number;
  byRegion: { region: string; instances: number; hosts: number; reservedInstances: number; oracleRds: number }[];
}

export interface CheckFailure {
  check: string;
  code: string | null;
  region?: string | null;
  cause: string | null;
  fix: string | null;
  procedureStep: number | null;
}

export interface ConnectionTestSummary {
  ok: boolean;
  /** Keyed hash of the settings tested (see connection-test-store.ts); Save compares it. */
  settingsFingerprint: string;
  viaProxy: string | null;
  user: { arn: string; name: string; accountId: string } | null;
  userFailures: CheckFailure[];
  roleArns: string[];
  wildcardResources: string[];
  missingAccounts: string[];
  accounts: {
    accountId: string;
    roleArn: string;
    alias: string | null;
    status: "passed" | "failed" | "skipped";
    reason: string | null;
    failures: CheckFailure[];
    inventory: InventoryCounts;
  }[];
  durationMs: number;
  calls: number;
}

export function summarizeInventory(regions: { region: string; instances: number; hosts: number; reservedInstances: number; oracleDbInstances: number }[]): InventoryCounts {
  const byRegion = regions.map((r) => ({ region: r.region, instances: r.instances, hosts: r.hosts, reservedInstances: r.reservedInstances, oracleRds: r.oracleDbInstances }));
  return {
    instances: byRegion.reduce((n, r) => n + r.instances, 0),
    hosts: byRegion.reduce((n, r) => n + r.hosts, 0),
    reservedInstances: byRegion.reduce((n, r) => n + r.reservedInstances, 0),
    oracleRds: byRegion.reduce((n, r) => n + r.oracleRds, 0),
    byRegion,
  };
}

/** Reads a stored summary defensively (older or foreign run results yield null). */
export function asConnectionTestSummary(value: unknown): ConnectionTestSummary | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Partial<ConnectionTestSummary>;
  if (typeof v.ok !== "boolean" || typeof v.settingsFingerprint !== "string" || !Array.isArray(v.accounts)) return null;
  return v as ConnectionTestSummary;
}
