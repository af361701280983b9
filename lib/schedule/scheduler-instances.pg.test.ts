/**
 * Exactly once across processes: portal instances — separate Node processes, each running the real
 * scheduler timer (test/fixtures/scheduler-instance.ts, the code instrumentation.ts starts in `next
 * start`) with its own database pool — tick every 50 ms against one database. Each time the schedule
 * falls due, exactly one of them runs it. PostgreSQL only (npm test's postgres stage): several instances
 * on one database is a PostgreSQL deployment; SQLite is one portal process per database file.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS_IMPORTS_SCHEDULE_ID } from "@/lib/connections/schedule";
import { useTestDatabase, type TestDatabase } from "@/test/db";

let t: TestDatabase;
const instances: { child: ChildProcess; id: Promise<string> }[] = [];

function startInstance(): { child: ChildProcess; id: Promise<string> } {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["--conditions=react-server", "test/fixtures/scheduler-instance.ts"], {
    env: { ...process.env, DATABASE_URL: t.url, BEACONPORT_DATA_DIR: t.dataDir, BEACONPORT_SCHEDULER_TICK_SECONDS: "0.05", BEACONPORT_LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const id = new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /^instance (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`scheduler instance exited early (${code})`)));
  });
  return { child, id };
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  t = await useTestDatabase();
  // Not due yet: the instances start and idle until the test makes it due.
  await t.db.schedule.create({ data: { id: AWS_IMPORTS_SCHEDULE_ID, name: "AWS imports", intervalMinutes: 30, nextRunAt: new Date(Date.now() + 3_600_000) } });
  if (t.provider !== "postgresql") throw new Error("this test needs DATABASE_URL=postgresql://… (npm test's postgres stage)");
  instances.push(startInstance(), startInstance());
}, 60_000);

afterAll(async () => {
  await Promise.all(
    instances.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.removeAllListeners("exit");
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
  await t.cleanup();
});

describe("scheduler instances in separate processes on one PostgreSQL database", () => {
  it("each time the schedule falls due, exactly one instance runs it", async () => {
    const ids = await Promise.all(instances.map((i) => i.id));
    expect(new Set(ids).size).toBe(2);
    const rounds = 8;
    for (let round = 1; round <= rounds; round++) {
      await t.db.schedule.update({ where: { id: AWS_IMPORTS_SCHEDULE_ID }, data: { nextRunAt: new Date(Date.now() - 1000) } });
      await until(async () => ((await t.db.scheduleTick.count({ where: { finishedAt: { not: null } } })) >= round ? true : undefined), 20_000, `round ${round}`);
      // Both instances keep ticking every 50 ms: give the other one ample time to (wrongly) run it too.
      await new Promise((r) => setTimeout(r, 300));
      expect(await t.db.scheduleTick.count()).toBe(round);
    }
    const ticks = await t.db.scheduleTick.findMany({ orderBy: { startedAt: "asc" } });
    expect(ticks).toHaveLength(rounds);
    expect(new Set(ticks.map((k) => k.dueAt.toISOString())).size).toBe(rounds);
    for (const k of ticks) {
      expect(ids).toContain(k.instanceId);
      expect(k.status).toBe("succeeded");
      expect(k.trigger).toBe("schedule");
    }
  }, 120_000);
});
