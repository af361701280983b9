import "server-only";
import { cache } from "react";
import { getDb } from "@/lib/db";

export interface BannerState {
  failing: { id: string; name: string; at: string | null }[];
  drifting: { id: string; name: string; at: string | null }[];
  total: number;
}

/**
 * What the app shell's banner shows: saved connections whose latest scheduled test failed or found
 * drift. Two indexed reads per page render; no secrets.
 */
export const loadBanner = cache(async (): Promise<BannerState> => {
  const db = getDb();
  const where = { status: "saved", scheduledStatus: { in: ["failed", "drift"] } };
  const [rows, total] = await Promise.all([
    db.connection.findMany({ where, select: { id: true, name: true, scheduledStatus: true, scheduledAt: true }, orderBy: { scheduledAt: "desc" }, take: 5 }),
    db.connection.count({ where }),
  ]);
  const view = (r: (typeof rows)[number]) => ({ id: r.id, name: r.name, at: r.scheduledAt?.toISOString() ?? null });
  return { failing: rows.filter((r) => r.scheduledStatus === "failed").map(view), drifting: rows.filter((r) => r.scheduledStatus === "drift").map(view), total };
});
