/**
 * Calls a server action the way a hand-crafted request would (no page, no form): POST to a page with
 * the `Next-Action` header. Action ids come from the build's server-reference manifest.
 */
import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";

interface ManifestEntry {
  filename: string;
  exportedName: string;
  workers?: Record<string, unknown>;
}

export function actionManifest(): Record<string, ManifestEntry> {
  // The build the server runs: a private copy when E2E_APP_DIR is set (the shared .next may be rebuilt meanwhile).
  const file = path.resolve(process.env.E2E_APP_DIR ?? ".", ".next/server/server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, ManifestEntry> };
  return manifest.node;
}

export function actionId(exportedName: string): string {
  const entry = Object.entries(actionManifest()).find(([, v]) => v.exportedName === exportedName);
  if (!entry) throw new Error(`server action ${exportedName} is not in the build (is it used by a page?)`);
  return entry[0];
}

/** A route of the build ("app/(app)/(admin)/connections/[id]/setup/page" → "/connections/[id]/setup"). */
function routeOfWorker(worker: string): string {
  const route = worker.replace(/^app/, "").replace(/\/\([^)]+\)/g, "").replace(/\/(page|route)$/, "");
  return route === "" ? "/" : route;
}

/**
 * Where to post an action: `pagePath` when that page's bundle holds it, else a page that does (its dynamic
 * segments filled with "walk"). Posted elsewhere, Next forwards the call to a bundle that holds the action;
 * under our custom server that forward answers an empty `{}` without running it (an open question, not a refusal to test here).
 */
export function actionPage(exportedName: string, pagePath: string): string {
  const entry = Object.values(actionManifest()).find((v) => v.exportedName === exportedName);
  const routes = Object.keys(entry?.workers ?? {}).map(routeOfWorker);
  const matches = (route: string) => new RegExp(`^${route.replace(/\[[^\]]+\]/g, "[^/]+")}$`).test(pagePath);
  if (routes.length === 0 || routes.some(matches)) return pagePath;
  return routes[0]!.replace(/\[[^\]]+\]/g, "walk");
}

export async function postAction(
  request: APIRequestContext,
  pagePath: string,
  exportedName: string,
  input: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; location: string | null }> {
  const response = await request.post(actionPage(exportedName, pagePath), {
    headers: { "Next-Action": actionId(exportedName), "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", ...headers },
    // React's reply encoding: the arguments as JSON, `$undefined` for the absent previous state.
    data: JSON.stringify(["$undefined", input]),
    maxRedirects: 0,
  });
  return { status: response.status(), text: await response.text(), location: response.headers()["location"] ?? null };
}
