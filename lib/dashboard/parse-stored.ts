/**
 * Reader for the inventory counts the dashboard shows (drift findings: lib/drift/parse-findings). Lenient:
 * a value that does not parse shows as "unknown", never as an error page. Pure.
 */
import { z } from "zod";

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
