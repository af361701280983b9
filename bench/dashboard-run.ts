import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
// (Aliased: the helper is not a React hook, whatever its name says.)
import { useTestDatabase as createMigratedDatabase } from "@/test/db";
import { DashboardContent } from "@/components/dashboard/dashboard-content";
import { DEFAULT_QUERY } from "@/lib/dashboard/dashboard-query";
import { loadDashboard } from "@/lib/dashboard/load-dashboard";
import { seedDashboardAccounts } from "@/lib/dashboard/test-support/seed-accounts";
import { keyValueLine } from "./helpers";

const USAGE = "Usage: npm run bench:dashboard -- [--accounts N (1000)] [--connections C (4)] [--iterations I (30)] [--warmup W (5)]";
const { values } = parseArgs({ options: { accounts: { type: "string" }, connections: { type: "string" }, iterations: { type: "string" }, warmup: { type: "string" }, help: { type: "boolean" } } });
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
function num(v: string | undefined, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer\n${USAGE}`);
    process.exit(2);
  }
  return n;
}
const accounts = num(values.accounts, 1000, "accounts");
const connections = num(values.connections, 4, "connections");
const iterations = num(values.iterations, 30, "iterations");
const warmup = num(values.warmup, 5, "warmup");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const t = await createMigratedDatabase();
try {
  const seedStart = performance.now();
  await seedDashboardAccounts(t.db, { connections, accounts, prefix: "Bench" });
  console.log(`seeded ${accounts} accounts over ${connections} connections on ${t.provider} in ${Math.round(performance.now() - seedStart)} ms`);

  // An administrator's first page: the default sort, 50 rows, the summary tiles.
  const viewer = { role: "admin" };
  const total: number[] = [];
  const dataMs: number[] = [];
  const renderMs: number[] = [];
  let htmlBytes = 0;
  let rows = 0;
  for (let i = 0; i < warmup + iterations; i++) {
    const start = performance.now();
    const data = await loadDashboard(DEFAULT_QUERY, viewer);
    const loaded = performance.now();
    const html = renderToString(createElement(DashboardContent, { data }));
    const end = performance.now();
    if (data.total !== accounts) throw new Error(`expected ${accounts} accounts on the dashboard, found ${data.total}`);
    if (!html.includes('data-testid="accounts-table"')) throw new Error("the render did not produce the accounts table");
    if (i >= warmup) {
      total.push(end - start);
      dataMs.push(loaded - start);
      renderMs.push(end - loaded);
    }
    htmlBytes = html.length;
    rows = data.rows.length;
  }
  const sort = (a: number[]) => [...a].sort((x, y) => x - y);
  const [tot, dat, ren] = [sort(total), sort(dataMs), sort(renderMs)];
  const median = percentile(tot, 50);
  const p95 = percentile(tot, 95);
  console.log(`first page: ${rows} rows, ${(htmlBytes / 1024).toFixed(1)} KiB of HTML`);
  console.log(`data   median ${percentile(dat, 50).toFixed(1)} ms  p95 ${percentile(dat, 95).toFixed(1)} ms`);
  console.log(`render median ${percentile(ren, 50).toFixed(1)} ms  p95 ${percentile(ren, 95).toFixed(1)} ms`);
  console.log(`total  median ${median.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  (target: median < 300 ms)`);
  console.log(
    keyValueLine({
      accounts,
      connections,
      provider: t.provider,
      iterations,
      median_ms: Number(median.toFixed(2)),
      p95_ms: Number(p95.toFixed(2)),
      data_median_ms: Number(percentile(dat, 50).toFixed(2)),
      render_median_ms: Number(percentile(ren, 50).toFixed(2)),
      react_build: process.env.NODE_ENV === "production" ? "production" : "development",
      budget_ms: 300,
      within_budget: median < 300,
    }),
  );
} finally {
  await t.cleanup();
}
