/**
 * The stored shape of a connection test's result (Run.result of kind "connection-test"), read by the
 * step-8 card, the Save gate and the reviewer view. Pure: client components import the types.
 */
/** What the beacon will see; a count is null when its check failed (unknown, not 0). */
export interface InventoryCounts {
  instances: number | null;
  hosts: number | null;
  reservedInstances: number | null;
  oracleRds: number | null;
  byRegion: { region: string; instances: number | null; hosts: number | null; reservedInstances: number | null; oracleRds: number | null }[];
}

/** A count for display: "unknown" when its check failed. */
export function countText(n: number | null | undefined): string {
  return typeof n === "number" ? String(n) : "unknown";
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

type Counted = { region: string; instances: number | null; hosts: number | null; reservedInstances: number | null; oracleDbInstances: number | null };

export function summarizeInventory(regions: Counted[]): InventoryCounts {
  const byRegion = regions.map((r) => ({ region: r.region, instances: r.instances, hosts: r.hosts, reservedInstances: r.reservedInstances, oracleRds: r.oracleDbInstances }));
  // A total over a region whose count is unknown is unknown too.
  const total = (pick: (r: (typeof byRegion)[number]) => number | null) => byRegion.reduce<number | null>((n, r) => (n === null || pick(r) === null ? null : n + (pick(r) ?? 0)), 0);
  return {
    instances: total((r) => r.instances),
    hosts: total((r) => r.hosts),
    reservedInstances: total((r) => r.reservedInstances),
    oracleRds: total((r) => r.oracleRds),
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
