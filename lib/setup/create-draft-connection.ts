import "server-only";
import { getDb, isUniqueViolation } from "@/lib/db";
import { DEFAULT_CONNECTION_NAME, DEFAULT_NAMES, DEFAULT_REGIONS, generateExternalId } from "@/lib/model";
import type { DraftModel, SetupMode } from "@/lib/connections/types";

/**
 * A new draft connection with the procedure's default names and a generated external ID from the first
 * moment (safe default: the trust requires it unless the admin explicitly chooses none in step 4).
 * Connection names are unique (they become the beacon's import task name), so a second draft gets "… 2", "… 3".
 */
export async function createDraftConnection(input: { createdById: string; mode?: SetupMode }): Promise<{ id: string; name: string }> {
  const db = getDb();
  const existing = new Set((await db.connection.findMany({ where: { name: { startsWith: DEFAULT_CONNECTION_NAME } }, select: { name: true } })).map((c) => c.name));
  for (let n = 1; n < 1000; n++) {
    const name = n === 1 ? DEFAULT_CONNECTION_NAME : `${DEFAULT_CONNECTION_NAME} ${n}`;
    if (existing.has(name)) continue;
    const model: DraftModel = { connectionName: name, externalId: generateExternalId(), names: { ...DEFAULT_NAMES }, rolePath: "/", regions: [...DEFAULT_REGIONS], rdsScope: { kind: "all" } };
    try {
      const row = await db.connection.create({
        data: { name, status: "draft", mode: input.mode ?? "automated", model: JSON.stringify(model), progress: "{}", createdById: input.createdById },
        select: { id: true, name: true },
      });
      return row;
    } catch (error) {
      // Another admin took the same name a moment ago: try the next one.
      if (isUniqueViolation(error)) continue;
      throw error;
    }
  }
  throw new Error("no free connection name");
}
