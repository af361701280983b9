import "server-only";
import { Registry } from "prom-client";
import type { DbOrTx } from "@/lib/db";
import { collectStateMetrics } from "./collect-state-metrics";
import { processMetrics } from "./process-metrics";

/**
 * The exposition text of one scrape: this process's counters plus the state read from the database.
 * Scrapes run one at a time per process (a second waits for the first), so the incremental scheduled-run
 * histogram never observes a tick twice and two scrapers cannot multiply the database load.
 */
export async function renderMetrics(options: { db: DbOrTx; now?: Date; accountLabels: boolean }): Promise<{ body: string; contentType: string }> {
  const proc = processMetrics();
  const previous = proc.scrape ?? Promise.resolve();
  const mine = previous.catch(() => {}).then(async () => {
    const state = await collectStateMetrics(proc, { db: options.db, now: options.now ?? new Date(), accountLabels: options.accountLabels });
    const merged = Registry.merge([proc.registry, state]);
    return { body: await merged.metrics(), contentType: merged.contentType };
  });
  proc.scrape = mine;
  try {
    return await mine;
  } finally {
    if (proc.scrape === mine) proc.scrape = null;
  }
}
