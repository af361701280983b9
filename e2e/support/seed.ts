/**
 * Spec-side helpers for the step 7/8 specs: the sandbox's details (written by e2e/serve.ts) and a seeded
 * draft connection (see seed-connection.ts, run in a child process because lib/aws is server-only).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { e2eDatabaseUrl } from "./e2e-database";
import type { SeedJob } from "./seed-connection";

export interface SandboxDetails {
  endpoint: string;
  controlUrl: string;
  home: { accountId: string; accessKeyId: string; secretAccessKey: string };
  accounts: { accountId: string; accessKeyId: string; secretAccessKey: string }[];
}

function dataDir(): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir || !dir.includes("bp-e2e-")) throw new Error("E2E_DATA_DIR is not the e2e temp dir");
  return dir;
}

export function sandboxDetails(): SandboxDetails {
  return JSON.parse(fs.readFileSync(path.join(dataDir(), "sandbox.json"), "utf8")) as SandboxDetails;
}

export interface SeededConnection {
  connectionId: string;
  accessKeyId: string;
  secretAccessKey: string;
  names: { inventoryPolicy: string; readRolesPolicy: string; role: string; user: string };
}

let counter = 0;

export function seedConnection(options: { storeSecret: boolean; externalId: string; targets?: string[]; connectionName?: string; removeAction?: SeedJob["removeAction"] }): SeededConnection {
  const sb = sandboxDetails();
  counter += 1;
  const suffix = `b${Date.now().toString(36)}${counter}`;
  const job: SeedJob = {
    endpoint: sb.endpoint,
    home: sb.home,
    databaseUrl: e2eDatabaseUrl(),
    dataDir: dataDir(),
    suffix,
    targets: options.targets ?? ["222222222222", "333333333333", "444444444444"],
    externalId: options.externalId,
    connectionName: options.connectionName ?? `Spec ${suffix}`,
    storeSecret: options.storeSecret,
    removeAction: options.removeAction,
  };
  const out = execFileSync(path.resolve("node_modules/.bin/tsx"), ["--conditions=react-server", "e2e/support/seed-connection.ts", JSON.stringify(job)], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NODE_ENV: "production" },
  });
  const line = out.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as SeededConnection;
}
