/**
 * Dashboard benchmark: a fresh database migrated with the committed migrations, 1,000 target
 * accounts over a few connections in every status, then the dashboard's first page measured the way
 * the server produces it: `loadDashboard` (every query the page runs after the session check) plus a
 * React server render to HTML of `DashboardContent`, the exact tree the page renders below its
 * header. Prints per-iteration stats and a last line of `key=value` pairs.
 *
 *   npm run bench:dashboard -- [--accounts 1000] [--connections 4] [--iterations 30] [--warmup 5]
 *
 * Runs without the react-server condition (react-dom/server refuses to load under it), so the
 * `server-only` guard is mapped to an empty module by a loader hook registered before anything
 * imports it.
 */
import { register } from "node:module";

// What `next start` runs: React's production build (the development build adds checks a server never runs).
// (Next's types mark NODE_ENV read-only; this script sets it before React loads.)
if (!process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: "production" });

const HOOK = `
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(HOOK)}`, import.meta.url);

await import("./dashboard-run");
