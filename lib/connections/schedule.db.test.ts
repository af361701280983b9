import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { AWS_IMPORTS_SCHEDULE_ID, ensureAwsImportsSchedule, linkConnectionToSchedule, updateAwsImportsInterval } from "./schedule";

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

describe("the AWS imports schedule", () => {
  it("is created once, every 30 minutes, not due until a connection is saved", async () => {
    const [a, b] = await Promise.all([ensureAwsImportsSchedule(), ensureAwsImportsSchedule()]);
    expect(a.id).toBe(b.id);
    expect(a).toMatchObject({ id: AWS_IMPORTS_SCHEDULE_ID, name: "AWS imports", intervalMinutes: 30, nextRunAt: null });
    expect(await t.db.schedule.count()).toBe(1);
  });

  it("gets its name back after a rename in the database, and says so in the audit trail", async () => {
    await t.rawExec(`UPDATE "Schedule" SET "name" = 'Renamed by hand' WHERE "id" = '${AWS_IMPORTS_SCHEDULE_ID}'`);
    const [s, again] = await Promise.all([ensureAwsImportsSchedule(), ensureAwsImportsSchedule()]);
    expect(s.name).toBe("AWS imports");
    expect(again.name).toBe("AWS imports");
    const audits = await t.db.auditEvent.findMany({ where: { action: "schedule.restore" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]?.before).toContain("Renamed by hand");
  });

  it("changes its interval only while the connection is a draft", async () => {
    const draft = await t.db.connection.create({ data: { name: "draft one", model: "{}" } });
    const { before, after } = await updateAwsImportsInterval({ connectionId: draft.id, intervalMinutes: 15 });
    expect(before.intervalMinutes).toBe(30);
    expect(after.intervalMinutes).toBe(15);
    const saved = await t.db.connection.create({ data: { name: "saved one", model: "{}", status: "saved" } });
    await expect(updateAwsImportsInterval({ connectionId: saved.id, intervalMinutes: 20 })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await ensureAwsImportsSchedule()).intervalMinutes).toBe(15);
  });

  it("becomes due one interval after the first connection is linked", async () => {
    const c = await t.db.connection.create({ data: { name: "linked", model: "{}" } });
    const now = new Date("2030-01-01T00:00:00Z");
    const s = await linkConnectionToSchedule({ connectionId: c.id, db: t.db, now });
    expect(s.nextRunAt).toBe("2030-01-01T00:15:00.000Z");
    expect((await t.db.connection.findUniqueOrThrow({ where: { id: c.id } })).scheduleId).toBe(AWS_IMPORTS_SCHEDULE_ID);
  });
});
