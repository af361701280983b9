/**
 * The seeding side of the e2e specs, in one long-lived process per spec worker (started by
 * e2e/support/seed.ts through seed-bridge.mjs as `tsx --conditions=react-server`, because lib/aws and
 * lib/db are server-only): the app's modules are loaded once instead of once per seeded connection.
 * stdin: one JSON request per line, {"id", "kind": "seed" | "save", "job"}; stdout: one reply per request,
 * a line `@@seed {"id", "ok", "result" | "error"}` (other output, such as the app's log lines, is ignored).
 * Ends when stdin closes (its spec worker ended).
 */
import readline from "node:readline";
import { SEED_REPLY_PREFIX, pointAtE2eDatabase } from "./e2e-database";
import { seedConnectionJob, type SeedJob } from "./seed-connection";

/** Marks a seeded connection "saved" and links it to the "AWS imports" schedule, as step 8's Save does. */
async function saveConnectionJob(job: { databaseUrl: string; dataDir: string; connectionId: string }): Promise<{ ok: true }> {
  pointAtE2eDatabase(job);
  const { getDb } = await import("@/lib/db");
  const { linkConnectionToSchedule } = await import("@/lib/connections/schedule");
  const db = getDb();
  await db.connection.update({ where: { id: job.connectionId }, data: { status: "saved", savedAt: new Date(), lastTestStatus: "passed", lastTestAt: new Date() } });
  await linkConnectionToSchedule({ connectionId: job.connectionId, db });
  return { ok: true };
}

const handlers: Record<string, (job: never) => Promise<unknown>> = {
  seed: (job: SeedJob) => seedConnectionJob(job),
  save: saveConnectionJob,
};

for await (const line of readline.createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { id, kind, job } = JSON.parse(line) as { id: number; kind: string; job: never };
  let reply: { id: number; ok: boolean; result?: unknown; error?: string };
  try {
    const handler = handlers[kind];
    if (!handler) throw new Error(`unknown seed request "${kind}"`);
    reply = { id, ok: true, result: await handler(job) };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  process.stdout.write(`${SEED_REPLY_PREFIX}${JSON.stringify(reply)}\n`);
}
process.exit(0);
