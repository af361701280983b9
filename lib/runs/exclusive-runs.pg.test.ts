/**
 * One run of a kind per connection at a time, across portal instances: two separate Node processes
 * (test/fixtures/run-instance.ts), each with its own database pool, start the same run kind for the same
 * connection at the same instant, 20 times. Every time exactly one starts and the other gets CONFLICT.
 * PostgreSQL only (npm test's postgres stage): several instances on one database is a PostgreSQL deployment.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";

let t: TestDatabase;

/** One fixture process and the lines it printed, matched by the test in any order. */
class Instance {
  readonly child: ChildProcess;
  private lines: string[] = [];
  private waiters: { match: RegExp; take: (line: string) => void }[] = [];

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(path.resolve("node_modules/.bin/tsx"), ["--conditions=react-server", "test/fixtures/run-instance.ts"], { env, stdio: ["pipe", "pipe", "inherit"] });
    readline.createInterface({ input: this.child.stdout! }).on("line", (line) => {
      const i = this.waiters.findIndex((w) => w.match.test(line));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.take(line);
      else this.lines.push(line);
    });
  }

  /** The next line (already printed or still to come) matching `match`. */
  expect(match: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
    const i = this.lines.findIndex((l) => match.test(l));
    if (i >= 0) return Promise.resolve(match.exec(this.lines.splice(i, 1)[0]!)!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${match}`)), timeoutMs);
      this.waiters.push({
        match,
        take: (line) => {
          clearTimeout(timer);
          resolve(match.exec(line)!);
        },
      });
    });
  }

  send(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }
}

const instances: Instance[] = [];

beforeAll(async () => {
  t = await useTestDatabase();
  if (t.provider !== "postgresql") throw new Error("this test needs DATABASE_URL=postgresql://… (npm test's postgres stage)");
  const env = { ...process.env, DATABASE_URL: t.url, BEACONPORT_DATA_DIR: t.dataDir, BEACONPORT_LOG_LEVEL: "warn" };
  instances.push(new Instance(env), new Instance(env));
  const ids = await Promise.all(instances.map((i) => i.expect(/^ready (\S+)$/, 60_000)));
  expect(new Set(ids.map((m) => m[1])).size).toBe(2);
}, 90_000);

afterAll(async () => {
  await Promise.all(
    instances.map(
      (i) =>
        new Promise<void>((resolve) => {
          if (i.child.exitCode !== null) return resolve();
          i.child.once("exit", () => resolve());
          i.send("exit");
          setTimeout(() => i.child.kill("SIGTERM"), 5_000).unref();
        }),
    ),
  );
  await t?.cleanup();
});

describe("two portal instances on one PostgreSQL database", () => {
  it("starting the same run on both at the same instant: exactly one starts, the other gets CONFLICT (20 times)", async () => {
    const connectionId = (await t.db.connection.create({ data: { name: "race", model: "{}" } })).id;
    for (let round = 1; round <= 20; round++) {
      const at = Date.now() + 150;
      for (const i of instances) i.send(`start ${round} ${connectionId} connection-test ${at}`);
      const results = await Promise.all(instances.map((i) => i.expect(new RegExp(`^result ${round} (\\S+)(?: (\\S+))?$`))));
      const outcomes = results.map((m) => m[1]).sort();
      expect(outcomes, `round ${round}`).toEqual(["CONFLICT", "ok"]);
      expect(await t.db.run.count({ where: { connectionId, status: "running" } }), `round ${round}`).toBe(1);
      for (const i of instances) i.send(`finish ${round}`);
      await Promise.all(instances.map((i) => i.expect(new RegExp(`^settled ${round}$`))));
    }
    const runs = await t.db.run.findMany({ where: { connectionId } });
    expect(runs).toHaveLength(20);
    for (const r of runs) {
      expect(r.status).toBe("succeeded");
      expect(r.exclusiveKey).toBeNull();
    }
  }, 180_000);
});
