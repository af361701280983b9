/**
 * Deterministic dashboard data for DB tests, the benchmark and e2e: connections with many target
 * accounts in every status. Not used by the app. Takes a Prisma client so callers choose the database.
 */
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/sqlite/client";

export interface SeedOptions {
  connections: number;
  accounts: number;
  /** Prefix for connection names, so several seeds can share one database. */
  prefix?: string;
  /** Reference time for last-test timestamps (defaults to now). */
  now?: Date;
}

export interface SeededConnection {
  id: string;
  name: string;
  externalId: string;
  accountIds: string[];
}

/**
 * Account i gets: every 10th failing, the next drifted (passed, with a finding), the next never tested,
 * the rest passing. Last-test times repeat every 7 accounts, so sorting must break ties.
 */
export function seededStatusOf(i: number): "failing" | "drift" | "never" | "passing" {
  const r = i % 10;
  return r === 0 ? "failing" : r === 1 ? "drift" : r === 2 ? "never" : "passing";
}

export function seededAccountId(prefixDigit: number, i: number): string {
  return `${prefixDigit}${String(i).padStart(11, "0")}`;
}

export async function seedDashboardAccounts(db: Db, options: SeedOptions): Promise<SeededConnection[]> {
  const now = options.now ?? new Date();
  const prefix = options.prefix ?? "Seeded";
  const out: SeededConnection[] = [];
  const perConnection = Math.ceil(options.accounts / options.connections);
  let i = 0;
  for (let c = 0; c < options.connections && i < options.accounts; c++) {
    const externalId = `ext-${prefix.toLowerCase()}-${c}-7f3a9c2e5b1d`;
    const name = `${prefix} connection ${String.fromCharCode(65 + c)}`;
    const accountIds: string[] = [];
    const rows: Omit<Prisma.TargetAccountCreateManyInput, "connectionId">[] = [];
    for (let k = 0; k < perConnection && i < options.accounts; k++, i++) {
      const accountId = seededAccountId((c % 9) + 1, i);
      accountIds.push(accountId);
      const status = seededStatusOf(i);
      const tested = status !== "never";
      rows.push({
        accountId,
        name: i % 3 === 0 ? `workload-${i}` : null,
        setupStatus: "done",
        lastTestStatus: status === "failing" ? "failed" : tested ? "passed" : null,
        lastTestAt: tested ? new Date(now.getTime() - (i % 7) * 60_000) : null,
        lastTestReason: status === "failing" ? `AWS refused to let the collector assume the role in ${accountId}.` : null,
        lastTestFix: status === "failing" ? "Check that the role exists with this exact name and trusts the home account." : null,
        lastTestCheck: status === "failing" ? "sts:AssumeRole" : null,
        driftFindings:
          status === "drift"
            ? JSON.stringify([{ rule: "inventory-policy-wildcard", severity: "error", step: 2, accountId, message: "The inventory policy now allows ec2:* on *.", fix: "Restore the inventory policy to the procedure's actions (step 2)." }])
            : null,
        driftAt: status === "drift" ? now : null,
        inventory: tested && status !== "failing" ? JSON.stringify({ instances: i % 13, hosts: i % 2, reservedInstances: i % 5, oracleRds: i % 4, byRegion: [] }) : null,
      });
    }
    const connection = await db.connection.create({
      data: {
        name,
        status: "saved",
        model: JSON.stringify({
          connectionName: name,
          homeAccountId: accountIds[0],
          targetAccountIds: accountIds,
          externalId,
          names: { inventoryPolicy: "ListInventoryForFNMS", readRolesPolicy: "ReadRolesForFNMS", role: "ListEC2ForFNMSRole", user: "FNMSUser" },
          rolePath: "/",
        }),
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        lastTestStatus: "passed",
        lastTestAt: now,
        savedAt: now,
      },
      select: { id: true },
    });
    await db.targetAccount.createMany({ data: rows.map((r) => ({ ...r, connectionId: connection.id })) });
    out.push({ id: connection.id, name, externalId, accountIds });
  }
  return out;
}
