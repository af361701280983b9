import "server-only";
import { getDb } from "@/lib/db";
import { readModel } from "@/lib/connections/settings-store";

export interface ConnectionOverview {
  id: string;
  name: string;
  status: "draft" | "saved";
  mode: string;
  homeAccountId: string | null;
  accounts: number;
  accountsPassing: number;
  accountsFailing: number;
  lastTestStatus: string | null;
  lastTestAt: string | null;
  savedAt: string | null;
  updatedAt: string;
}

/** Every connection, for the Connections list (nothing secret; the external ID is not even read). */
export async function listConnectionOverviews(): Promise<ConnectionOverview[]> {
  const rows = await getDb().connection.findMany({
    orderBy: [{ status: "desc" }, { updatedAt: "desc" }],
    select: { id: true, name: true, status: true, mode: true, model: true, lastTestStatus: true, lastTestAt: true, savedAt: true, updatedAt: true, targets: { select: { lastTestStatus: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status === "saved" ? "saved" : "draft",
    mode: r.mode,
    homeAccountId: readModel(r.model).homeAccountId ?? null,
    accounts: r.targets.length,
    accountsPassing: r.targets.filter((t) => t.lastTestStatus === "passed").length,
    accountsFailing: r.targets.filter((t) => t.lastTestStatus === "failed").length,
    lastTestStatus: r.lastTestStatus,
    lastTestAt: r.lastTestAt?.toISOString() ?? null,
    savedAt: r.savedAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
  }));
}
