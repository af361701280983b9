/**
 * The stored shape of a connection test's result (Run.result of kind "connection-test"), read by the
 * step-8 card, the Save gate and the reviewer view. Pure: client components import the types.
 */
import { z } from "zod";
import { defineRunKind } from "@/lib/runs/run-kind";

const count = z.number().nullable();

/** What the beacon will see; a count is null when its check failed (unknown, not 0). */
const inventoryCountsSchema = z.object({
  instances: count,
  hosts: count,
  reservedInstances: count,
  oracleRds: count,
  byRegion: z.array(z.object({ region: z.string(), instances: count, hosts: count, reservedInstances: count, oracleRds: count })),
});
export type InventoryCounts = z.output<typeof inventoryCountsSchema>;

/** A count for display: "unknown" when its check failed. */
export function countText(n: number | null | undefined): string {
  return typeof n === "number" ? String(n) : "unknown";
}

export const checkFailureSchema = z.object({
  check: z.string(),
  code: z.string().nullable(),
  region: z.string().nullable().optional(),
  cause: z.string().nullable(),
  fix: z.string().nullable(),
  procedureStep: z.number().nullable(),
});
export type CheckFailure = z.output<typeof checkFailureSchema>;

const connectionTestSummarySchema = z.object({
  ok: z.boolean(),
  /** Keyed hash of the settings tested (see connection-test-store.ts); Save compares it. */
  settingsFingerprint: z.string(),
  viaProxy: z.string().nullable(),
  user: z.object({ arn: z.string(), name: z.string(), accountId: z.string() }).nullable(),
  userFailures: z.array(checkFailureSchema),
  roleArns: z.array(z.string()),
  wildcardResources: z.array(z.string()),
  missingAccounts: z.array(z.string()),
  accounts: z.array(
    z.object({
      accountId: z.string(),
      roleArn: z.string(),
      alias: z.string().nullable(),
      status: z.enum(["passed", "failed", "skipped"]),
      reason: z.string().nullable(),
      failures: z.array(checkFailureSchema),
      inventory: inventoryCountsSchema,
    }),
  ),
  durationMs: z.number(),
  calls: z.number(),
});
export type ConnectionTestSummary = z.output<typeof connectionTestSummarySchema>;

/** The connection test's run kind (Test Connection in step 8, the reviewer view, Save's gate). */
export const CONNECTION_TEST_RUN = defineRunKind("connection-test", connectionTestSummarySchema);

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

const testEventDetailsSchema = z.object({ failures: z.array(checkFailureSchema).optional(), inventory: inventoryCountsSchema.optional() });

/** What a connection test's run event carries for the UI: the failed checks and, per account, what the beacon will see. */
export function connectionTestEventDetails(details: unknown): { failures: CheckFailure[]; inventory: InventoryCounts | null } {
  const parsed = testEventDetailsSchema.safeParse(details);
  return parsed.success ? { failures: parsed.data.failures ?? [], inventory: parsed.data.inventory ?? null } : { failures: [], inventory: null };
}

/** Reads a stored summary defensively (older or foreign run results yield null). */
export function asConnectionTestSummary(value: unknown): ConnectionTestSummary | null {
  return CONNECTION_TEST_RUN.read(value);
}
