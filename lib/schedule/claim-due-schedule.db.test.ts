/**
 * Exactly once: two portal "instances" — each with its own database client, as two `next start`
 * processes would have — tick concurrently against one database; every due time must be claimed and
 * run by exactly one of them. Runs on SQLite in the unit stage and on PostgreSQL in `npm test`'s
 * postgres stage (DATABASE_URL=postgresql://…), where row locks across connections are the real proof.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { AWS_IMPORTS_SCHEDULE_ID } from "@/lib/connections/schedule";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { claimDueSchedule } from "./claim-due-schedule";
import { tick } from "./scheduler";

let t: TestDatabase;
let instanceA: Db;
let instanceB: Db;

let separateClients = false;

beforeAll(async () => {
  t = await useTestDatabase();
  if (t.provider === "postgresql") {
    separateClients = true;
    instanceA = createDbClient(t.url);
    instanceB = createDbClient(t.url);
  } else {
    // SQLite is the single-instance setup. Two better-sqlite3 connections in ONE process would block each
    // other (its busy-wait is synchronous and stalls the event loop the lock holder needs), which is an
    // artefact of this harness, not of the claim; here both "instances" share a client and still race
    // through the event loop. The separate-client proof is the PostgreSQL run of this file.
    instanceA = t.db;
    instanceB = t.db;
  }
});

afterAll(async () => {
  if (separateClients) {
    await instanceA?.$disconnect();
    await instanceB?.$disconnect();
  }
  await t.cleanup();
});

beforeEach(async () => {
  await t.db.scheduleTick.deleteMany({});
  await t.db.schedule.deleteMany({});
  await t.db.schedule.create({ data: { id: AWS_IMPORTS_SCHEDULE_ID, name: "AWS imports", intervalMinutes: 30, nextRunAt: new Date(Date.now() - 1000) } });
});

describe(`scheduler claim (${process.env.DATABASE_URL?.startsWith("postgres") ? "PostgreSQL" : "SQLite"})`, () => {
  it("a due job runs exactly once when two instances tick at the same moment, round after round", async () => {
    const executions: { instance: string; tickId: string }[] = [];
    const job = (instance: string) => async (claim: { tickId: string }) => {
      // Hold the job open a little so both instances' claims overlap the run.
      await new Promise((r) => setTimeout(r, 5));
      executions.push({ instance, tickId: claim.tickId });
    };
    const rounds = 12;
    for (let round = 0; round < rounds; round++) {
      const now = new Date();
      // Several concurrent ticks per instance too (a slow timer firing twice).
      const results = await Promise.all([
        tick({ db: instanceA, now, instanceId: "A", job: job("A") }),
        tick({ db: instanceB, now, instanceId: "B", job: job("B") }),
        tick({ db: instanceA, now, instanceId: "A", job: job("A") }),
        tick({ db: instanceB, now, instanceId: "B", job: job("B") }),
      ]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      // Make the schedule due again for the next round, as time passing would.
      await t.db.schedule.update({ where: { id: AWS_IMPORTS_SCHEDULE_ID }, data: { nextRunAt: new Date(Date.now() - 1000) } });
    }
    expect(executions).toHaveLength(rounds);
    const ticks = await t.db.scheduleTick.findMany({});
    expect(ticks).toHaveLength(rounds);
    expect(new Set(ticks.map((x) => x.id))).toEqual(new Set(executions.map((e) => e.tickId)));
  });

  it("does not run a schedule that is not due, disabled, or never linked to a connection", async () => {
    const now = new Date();
    await t.db.schedule.update({ where: { id: AWS_IMPORTS_SCHEDULE_ID }, data: { nextRunAt: new Date(now.getTime() + 60_000) } });
    expect(await claimDueSchedule({ db: instanceA, trigger: "schedule", now })).toBeNull();
    await t.db.schedule.update({ where: { id: AWS_IMPORTS_SCHEDULE_ID }, data: { nextRunAt: null } });
    expect(await claimDueSchedule({ db: instanceA, trigger: "schedule", now })).toBeNull();
    await t.db.schedule.update({ where: { id: AWS_IMPORTS_SCHEDULE_ID }, data: { nextRunAt: new Date(now.getTime() - 1), enabled: false } });
    expect(await claimDueSchedule({ db: instanceA, trigger: "schedule", now })).toBeNull();
    expect(await t.db.scheduleTick.count()).toBe(0);
  });

  it("moves the next run one interval after the due time it claimed, or after now when runs were missed", async () => {
    const now = new Date("2026-11-27T12:00:10.000Z");
    await t.db.schedule.update({ where: { id: AWS_IMPORTS_SCHEDULE_ID }, data: { nextRunAt: new Date("2026-11-27T12:00:00.000Z") } });
    const claim = await claimDueSchedule({ db: instanceA, trigger: "schedule", now });
    expect(claim?.dueAt.toISOString()).toBe("2026-11-27T12:00:00.000Z");
    let row = await t.db.schedule.findUniqueOrThrow({ where: { id: AWS_IMPORTS_SCHEDULE_ID } });
    expect(row.nextRunAt?.toISOString()).toBe("2026-11-27T12:30:00.000Z");
    const late = new Date("2026-11-27T14:00:00.000Z");
    await claimDueSchedule({ db: instanceB, trigger: "schedule", now: late });
    row = await t.db.schedule.findUniqueOrThrow({ where: { id: AWS_IMPORTS_SCHEDULE_ID } });
    expect(row.nextRunAt?.toISOString()).toBe("2026-11-27T14:30:00.000Z");
  });

  it('"Run now" goes through the same claim: racing a scheduled tick, one of them wins', async () => {
    const now = new Date();
    const [manual, scheduled] = await Promise.all([
      claimDueSchedule({ db: instanceA, trigger: "manual", now, actorId: "admin" }),
      claimDueSchedule({ db: instanceB, trigger: "schedule", now }),
    ]);
    expect([manual, scheduled].filter((c) => c !== null)).toHaveLength(1);
    expect(await t.db.scheduleTick.count()).toBe(1);
    // Not due any more, but an admin may still run it now.
    const again = await claimDueSchedule({ db: instanceA, trigger: "manual", now: new Date(now.getTime() + 1000), actorId: "admin" });
    expect(again?.trigger).toBe("manual");
  });
});
