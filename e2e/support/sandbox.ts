/**
 * The AWS sandbox the e2e web server started (e2e/serve.ts): its endpoint, credentials and control API.
 * One sandbox serves the whole run; a spec that needs a clean AWS calls `resetSandbox()` first.
 */
import fs from "node:fs";
import path from "node:path";

export interface SandboxAccount {
  accountId: string;
  name?: string;
  role?: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SandboxInfo {
  endpoint: string;
  controlUrl: string;
  home: { accountId: string; accessKeyId: string; secretAccessKey: string };
  accounts: SandboxAccount[];
}

export function sandboxInfo(): SandboxInfo {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is not set (playwright.config.ts sets it)");
  return JSON.parse(fs.readFileSync(path.join(dir, "sandbox.json"), "utf8")) as SandboxInfo;
}

async function control(method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandboxInfo().controlUrl}${route}`, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox ${method} ${route}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** Back to the fixture (the default organization); faults and the request log are kept. */
export async function resetSandbox(): Promise<void> {
  await control("POST", "/reset");
}

export async function setFaults(faults: Record<string, unknown>): Promise<void> {
  await control("PUT", "/faults", faults);
}

export async function clearFaults(): Promise<void> {
  await control("DELETE", "/faults");
}

export async function sandboxRequests(filter: Record<string, string> = {}): Promise<{ count: number; requests: { action: string; accountId: string; outcome: string }[] }> {
  const q = new URLSearchParams(filter).toString();
  return (await control("GET", `/requests${q ? `?${q}` : ""}`)) as { count: number; requests: { action: string; accountId: string; outcome: string }[] };
}

export async function clearSandboxRequests(): Promise<void> {
  await control("DELETE", "/requests");
}
