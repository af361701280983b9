import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { parseAuditFilter } from "./audit-filter";
import { iterateAuditEvents, queryAuditEvents } from "./query-audit-events";
import { recordAudit } from "./record-audit";

let t: TestDatabase;
const ADA = { id: "u-ada", email: "Ada.Admin@example.com" };
const BOB = { id: "u-bob", email: "bob@example.com" };

beforeAll(async () => {
  t = await useTestDatabase();
  await recordAudit({ action: "user.create", actor: ADA, entityType: "User", entityId: "u-bob", after: { email: BOB.email } });
  await recordAudit({ action: "connection.create", actor: ADA, entityType: "Connection", entityId: "c1", after: { name: "Prod" } });
  await recordAudit({ action: "connection.update", actor: BOB, entityType: "Connection", entityId: "c1", before: { name: "Prod" }, after: { name: "Production" } });
  await recordAudit({ action: "connection.update", actor: ADA, entityType: "Connection", entityId: "c2", before: { name: "Dev" }, after: { name: "Development" } });
  await recordAudit({ action: "auth.login", actor: BOB });
  for (let i = 0; i < 60; i++) await recordAudit({ action: "auth.login.failed", actor: null, after: { email: `x${i}@example.com` } });
  // Dates for the time-range filter (this breaks the hash chain, which these tests do not look at).
  await t.rawExec(`UPDATE "AuditEvent" SET "at" = $1 WHERE "seq" <= 2`, ["2026-01-01T10:00:00.000+00:00"]);
  await t.rawExec(`UPDATE "AuditEvent" SET "at" = $1 WHERE "seq" BETWEEN 3 AND 4`, ["2026-01-02T23:59:00.000+00:00"]);
}, 60_000);
afterAll(async () => {
  await t.cleanup();
});

const find = async (query: Record<string, string>) => queryAuditEvents(parseAuditFilter(query));

describe("queryAuditEvents", () => {
  it("pages the whole trail newest first", async () => {
    const first = await find({});
    expect(first.total).toBe(65);
    expect(first.pageCount).toBe(2);
    expect(first.events[0]!.seq).toBe(65);
    const second = await find({ page: "2" });
    expect(second.events.map((e) => e.seq)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect((await find({ page: "9" })).page).toBe(2);
  });

  it("filters by entity type and id", async () => {
    const c1 = await find({ entityType: "Connection", entityId: "c1" });
    expect(c1.events.map((e) => e.action)).toEqual(["connection.update", "connection.create"]);
    expect((await find({ entityType: "Connection" })).total).toBe(3);
    expect((await find({ entityType: "Conn" })).total).toBe(0);
  });

  it("filters by actor email fragment in any case, or by actor id", async () => {
    expect((await find({ actor: "ada.admin" })).events.map((e) => e.seq)).toEqual([4, 2, 1]);
    expect((await find({ actor: "u-bob" })).events.map((e) => e.seq)).toEqual([5, 3]);
  });

  it("filters by exact action or by prefix", async () => {
    expect((await find({ action: "auth.login" })).total).toBe(1);
    expect((await find({ action: "auth.*" })).total).toBe(61);
    expect((await find({ action: "connection." })).total).toBe(3);
  });

  it("filters by time range, a date-only end covering its whole day", async () => {
    const day2 = await find({ from: "2026-01-02", to: "2026-01-02" });
    expect(day2.events.map((e) => e.seq)).toEqual([4, 3]);
    expect((await find({ to: "2026-01-01T10:00" })).events.map((e) => e.seq)).toEqual([2, 1]);
    expect((await find({ from: "2026-01-01T10:01", to: "2026-01-03" })).total).toBe(2);
  });

  it("combines filters and finds one event by its position in the chain", async () => {
    expect((await find({ entityType: "Connection", actor: "ada", action: "connection.update" })).events.map((e) => e.entityId)).toEqual(["c2"]);
    expect((await find({ seq: "3" })).events.map((e) => e.action)).toEqual(["connection.update"]);
  });

  it("offers the recorded actions and entity types as suggestions", async () => {
    const page = await find({});
    expect(page.actions).toEqual(["auth.login", "auth.login.failed", "connection.create", "connection.update", "user.create"]);
    expect(page.entityTypes).toEqual(["Connection", "User"]);
  });
});

describe("iterateAuditEvents", () => {
  it("yields the filtered trail in chain order across batches", async () => {
    const seqs: number[] = [];
    for await (const e of iterateAuditEvents(parseAuditFilter({ action: "auth.*" }), { batch: 7 })) seqs.push(e.seq);
    expect(seqs).toEqual(Array.from({ length: 61 }, (_, i) => i + 5));
  });

  it("stops at the head that existed when it started", async () => {
    const it = iterateAuditEvents(parseAuditFilter({}), { batch: 10 });
    const first = await it.next();
    expect(first.value?.seq).toBe(1);
    await recordAudit({ action: "late.event" });
    let last = 0;
    for await (const e of it) last = e.seq;
    expect(last).toBe(65);
  });
});
