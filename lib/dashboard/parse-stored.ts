/**
 * Readers for JSON text columns the dashboard shows (inventory counts, drift findings). Lenient:
 * a value that does not parse shows as "unknown", never as an error page. Pure.
 */
import { z } from "zod";
import type { Finding } from "@/lib/model/types";

/** null: the check failed when it was counted, so the count is unknown (never shown as 0). */
export interface InventoryCounts {
  instances: number | null;
  hosts: number | null;
  reservedInstances: number | null;
  oracleRds: number | null;
}

const count = z.union([z.null(), z.coerce.number().int().nonnegative()]).catch(0);
const inventorySchema = z.object({ instances: count, hosts: count, reservedInstances: count, oracleRds: count });

export function parseInventory(text: string | null | undefined): InventoryCounts | null {
  if (!text) return null;
  try {
    const parsed = inventorySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const findingSchema = z.object({
  rule: z.string(),
  severity: z.enum(["error", "warning", "info"]).catch("warning"),
  step: z.coerce.number().int().catch(0),
  accountId: z.string().optional(),
  message: z.string(),
  fix: z.string().catch(""),
});

/** Drift findings as stored by the scheduled re-verification; unreadable entries are skipped. */
export function parseFindings(text: string | null | undefined): Finding[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.flatMap((item) => {
      const parsed = findingSchema.safeParse(item);
      return parsed.success ? [parsed.data as Finding] : [];
    });
  } catch {
    return [];
  }
}
