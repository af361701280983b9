/**
 * Spec-side helpers for the step 7/8 specs: the sandbox's details (written by e2e/serve.ts) and a seeded
 * draft connection (see seed-connection.ts, run in the seed server because lib/aws is server-only).
 */
import fs from "node:fs";
import path from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { e2eDatabaseUrl, SEED_REPLY_PREFIX } from "./e2e-database";
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
  return askSeedServer<SeededConnection>("seed", job);
}

let seedServer: { port: MessagePort; signal: Int32Array; next: number } | null = null;

/**
 * A request to this spec worker's seed server (seed-server.ts, started on first use and kept for the
 * worker's life), answered synchronously like the child process per request it replaces, without loading
 * the app's modules each time.
 */
export function askSeedServer<T>(kind: "seed" | "save", job: unknown): T {
  if (!seedServer) {
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(path.join(import.meta.dirname, "seed-bridge.mjs"), {
      workerData: {
        command: path.resolve("node_modules/.bin/tsx"),
        args: ["--conditions=react-server", path.join(import.meta.dirname, "seed-server.ts")],
        cwd: process.cwd(),
        env: { ...process.env, NODE_ENV: "production" },
        signal,
        port: port2,
        prefix: SEED_REPLY_PREFIX,
      },
      transferList: [port2],
    });
    worker.unref();
    port1.unref();
    seedServer = { port: port1, signal, next: 1 };
  }
  const server = seedServer;
  const id = server.next++;
  Atomics.store(server.signal, 0, 0);
  server.port.postMessage({ id, kind, job });
  for (;;) {
    if (Atomics.wait(server.signal, 0, 0, 120_000) === "timed-out") throw new Error(`the seed server gave no answer to "${kind}" within 2 minutes`);
    const reply = receiveMessageOnPort(server.port)?.message as { id: number; ok: boolean; result?: T; error?: string } | undefined;
    Atomics.store(server.signal, 0, 0);
    if (!reply) continue;
    if (reply.id === -1) seedServer = null;
    if (!reply.ok) throw new Error(`seed server: ${reply.error}`);
    if (reply.id === id) return reply.result as T;
  }
}
