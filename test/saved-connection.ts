/**
 * Fresh worlds for `*.db.test.ts` files that need AWS: a test database plus an AWS sandbox the portal
 * talks to (`startSandboxWorld`), and on top of it a saved connection rolled out for real
 * (`startSavedConnection`: what the operate, schedule and drift tests start from). Usage:
 *
 *   let w: SavedConnectionWorld;
 *   beforeAll(async () => { w = await startSavedConnection({ model: testModel(), name: "X" }); }, 60_000);
 *   afterAll(() => w.stop());
 */
import { expect } from "vitest";
import { createAwsClients, type AwsClients, type StaticCredentials } from "@/lib/aws/clients";
import { createAccessKey } from "@/lib/aws/operations/create-access-key";
import { runRollout } from "@/lib/aws/rollout";
import { sandboxConnection, startTestSandbox } from "@/lib/aws/test-support";
import { seal } from "@/lib/crypto";
import { resetEnvCache } from "@/lib/env";
import type { AccessModel } from "@/lib/model/types";
import { settleRuns } from "@/lib/runs";
import { COLLECTOR_SECRET_PURPOSE } from "@/lib/connections/settings";
import { linkConnectionToSchedule } from "@/lib/connections/schedule";
import type { Sandbox } from "@/sandbox";
// Aliased: `useTestDatabase` is not a React hook, but its name makes the hooks lint rule treat it as one.
import { useTestDatabase as createTestDatabase, type TestDatabase } from "./db";

export interface SandboxWorld {
  t: TestDatabase;
  sb: Sandbox;
  stop(): Promise<void>;
}

/** A fresh test database and AWS sandbox, with the portal's AWS endpoint pointed at the sandbox. */
export async function startSandboxWorld(options: { onStop?: () => Promise<void> } = {}): Promise<SandboxWorld> {
  const t = await createTestDatabase();
  const sb = await startTestSandbox();
  process.env.AWS_ENDPOINT_URL = sb.endpoint;
  resetEnvCache();
  return {
    t,
    sb,
    async stop() {
      await settleRuns();
      await sb.stop();
      await options.onStop?.();
      delete process.env.AWS_ENDPOINT_URL;
      await t.cleanup();
    },
  };
}

export interface SavedConnectionWorld extends SandboxWorld {
  /** Administrator clients of the home account. */
  home: AwsClients;
  model: AccessModel;
  /** The collector's access key, as stored (sealed) on the connection. */
  collector: StaticCredentials;
  connectionId: string;
  stop(): Promise<void>;
}

export async function startSavedConnection(options: {
  model: AccessModel;
  name: string;
  /** Before the rollout, e.g. create more sandbox accounts. */
  prepare?: (sb: Sandbox) => Promise<void>;
  /** More columns of the Connection row (a webhook, say). */
  connection?: Record<string, unknown>;
  /** Link the connection to the "AWS imports" schedule (the scheduler then tests it). */
  linkSchedule?: boolean;
  /** Also run when stopping (e.g. close a receiver). */
  onStop?: () => Promise<void>;
}): Promise<SavedConnectionWorld> {
  const world = await startSandboxWorld({ onStop: options.onStop });
  const { t, sb } = world;
  await options.prepare?.(sb);
  const home = createAwsClients({ ...sandboxConnection(sb), credentials: sb.home });
  const { model } = options;
  const rollout = await runRollout(model, { home, targets: { kind: "assume" } }, { propagation: { windowMs: 3000, initialDelayMs: 20 } });
  expect(rollout.failedAccounts).toEqual([]);
  const key = await createAccessKey(home, { userName: model.names.user, waitUntilUsable: { windowMs: 3000, initialDelayMs: 20 } });
  if (key.status !== "created") throw new Error(key.reason);
  const c = await t.db.connection.create({
    data: {
      name: options.name,
      status: "saved",
      savedAt: new Date(),
      model: JSON.stringify(model),
      accessKeyId: key.credentials.accessKeyId,
      secretAccessKeySealed: seal(key.credentials.secretAccessKey, COLLECTOR_SECRET_PURPOSE),
      targets: { create: model.targetAccountIds.map((accountId) => ({ accountId, setupStatus: "done", accessMethod: "assume" })) },
      ...options.connection,
    },
  });
  if (options.linkSchedule) await linkConnectionToSchedule({ connectionId: c.id, db: t.db });
  return {
    t,
    sb,
    home,
    model,
    collector: key.credentials,
    connectionId: c.id,
    async stop() {
      await settleRuns();
      home.destroy();
      await world.stop();
    },
  };
}
