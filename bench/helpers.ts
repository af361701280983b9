/**
 * Shared plumbing for the AWS benchmarks: flags, a sandbox (in a child process by default, so
 * that its CPU does not compete with the code being measured, as real AWS would not), and the
 * final `key=value` line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import path from "node:path";
import type { FaultConfig, RequestFilter, RequestLogEntry, SandboxAccountInfo } from "@/sandbox";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export interface BenchFlags {
  accounts: number;
  latencyMs: number;
  concurrency: number;
  inProcess: boolean;
  regions?: string[];
}

export function benchFlags(usage: string): BenchFlags {
  const { values } = parseArgs({
    options: {
      accounts: { type: "string" },
      "latency-ms": { type: "string" },
      concurrency: { type: "string" },
      regions: { type: "string" },
      "in-process": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const num = (v: string | undefined, fallback: number, name: string) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) {
      console.error(`--${name} must be a non-negative integer\n${usage}`);
      process.exit(2);
    }
    return n;
  };
  return {
    accounts: Math.max(1, num(values.accounts, 100, "accounts")),
    latencyMs: num(values["latency-ms"], 50, "latency-ms"),
    concurrency: Math.max(1, num(values.concurrency, 16, "concurrency")),
    inProcess: values["in-process"] ?? false,
    regions: values.regions?.split(",").map((r) => r.trim()).filter(Boolean),
  };
}

export interface BenchSandbox {
  endpoint: string;
  home: SandboxAccountInfo;
  accounts: SandboxAccountInfo[];
  setFaults(f: FaultConfig): Promise<void>;
  requests(filter?: RequestFilter): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, "..");

async function childSandbox(members: number): Promise<BenchSandbox> {
  const child: ChildProcess = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["sandbox/cli.ts", "--port", "0", "--no-https", "--members", String(members)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  const killChild = () => {
    if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.once("exit", killChild);
  const firstLine = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once("line", (line) => resolve(line));
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code} before starting`)));
  });
  child.stdout!.resume();
  const info = JSON.parse(firstLine) as { endpoint: string; controlUrl: string; home: { accountId: string }; accounts: SandboxAccountInfo[] };
  const control = async (method: string, sub: string, body?: unknown) => {
    const res = await fetch(`${info.controlUrl}${sub}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { "content-type": "application/json" } });
    if (!res.ok) throw new Error(`sandbox control ${method} ${sub}: ${res.status}`);
    return res.json() as Promise<unknown>;
  };
  return {
    endpoint: info.endpoint,
    home: info.accounts.find((a) => a.accountId === info.home.accountId)!,
    accounts: info.accounts,
    setFaults: async (f) => void (await control("PUT", "/faults", f)),
    requests: async (filter) => ((await control("GET", `/requests?${new URLSearchParams(filter as Record<string, string>)}`)) as { requests: RequestLogEntry[] }).requests,
    clearRequests: async () => void (await control("DELETE", "/requests")),
    stop: async () => {
      killChild();
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      process.off("exit", killChild);
    },
  };
}

async function inProcessSandbox(members: number): Promise<BenchSandbox> {
  const { startSandbox, generateOrganization } = await import("@/sandbox");
  const sb = await startSandbox({ port: 0, https: false, fixture: generateOrganization({ members }) });
  return {
    endpoint: sb.endpoint,
    home: sb.accounts.find((a) => a.accountId === sb.home.accountId)!,
    accounts: sb.accounts,
    setFaults: (f) => sb.control.setFaults(f),
    requests: (f) => sb.control.requests(f),
    clearRequests: () => sb.control.clearRequests(),
    stop: () => sb.stop(),
  };
}

export function startBenchSandbox(members: number, inProcess: boolean): Promise<BenchSandbox> {
  return inProcess ? inProcessSandbox(members) : childSandbox(members);
}

/** The critical-path bound: sequential calls per account × latency × ⌈N / concurrency⌉. */
export function criticalPathBound(sequentialCalls: number, latencyMs: number, accounts: number, concurrency: number): number {
  return (sequentialCalls * latencyMs * Math.ceil(accounts / concurrency)) / 1000;
}

export function keyValueLine(pairs: Record<string, string | number | boolean>): string {
  return Object.entries(pairs)
    .map(([k, v]) => `${k}=${typeof v === "number" && !Number.isInteger(v) ? v.toFixed(3) : v}`)
    .join(" ");
}
