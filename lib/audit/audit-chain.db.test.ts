import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { recordAudit } from "./record-audit";
import { listAuditEvents } from "./list-audit-events";
import { verifyAuditChain } from "./verify-audit-chain";

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

describe("audit chain on a real database", () => {
  it("appends linked events and verifies them", async () => {
    await recordAudit({ action: "user.create", actor: { id: "u1", email: "a@example.com" }, entityType: "User", entityId: "u2", after: { email: "b@example.com", role: "reviewer" }, ip: "127.0.0.1" });
    await recordAudit({ action: "user.role", actor: { id: "u1", email: "a@example.com" }, entityType: "User", entityId: "u2", before: { role: "reviewer" }, after: { role: "admin" } });
    await recordAudit({ action: "auth.login", actor: { id: "u2", email: "b@example.com" } });
    const rows = await t.db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.seq)).toEqual([1n, 2n, 3n]);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(await verifyAuditChain()).toEqual({ ok: true, count: 3 });
  });

  it("keeps one unforked chain under concurrent appends", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit({ action: "test.concurrent", entityId: String(i) })));
    const verdict = await verifyAuditChain();
    expect(verdict).toEqual({ ok: true, count: 23 });
  });

  it("redacts secrets in before/after values", async () => {
    const { id } = await recordAudit({ action: "connection.update", after: { proxy: { server: "http://p:8080", password: "hunter2-planted" }, secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } });
    const row = await t.db.auditEvent.findUniqueOrThrow({ where: { id } });
    expect(row.after).not.toContain("hunter2-planted");
    expect(row.after).not.toContain("wJalrXUtnFEMI");
    expect(row.after).toContain("http://p:8080");
  });

  it("fails verification at the row that was edited directly in the database", async () => {
    const target = await t.db.auditEvent.findFirstOrThrow({ where: { seq: 2 } });
    await t.rawExec(`UPDATE "AuditEvent" SET "after" = $1 WHERE "id" = $2`, ['{"role":"reviewer"}', target.id]);
    const verdict = await verifyAuditChain();
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.brokenAt).toEqual({ id: target.id, seq: 2 });
  });

  it("fails verification when a row is deleted", async () => {
    await t.rawExec(`UPDATE "AuditEvent" SET "after" = $1 WHERE "seq" = 2`, ['{"role":"admin"}']);
    expect((await verifyAuditChain()).ok).toBe(true);
    const victim = await t.db.auditEvent.findFirstOrThrow({ where: { seq: 5 } });
    await t.rawExec(`DELETE FROM "AuditEvent" WHERE "id" = $1`, [victim.id]);
    const verdict = await verifyAuditChain();
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.brokenAt.seq).toBe(6);
  });

  it("keeps counting past 2^31: AuditEvent.seq is a BigInt, read back as a number", async () => {
    const big = 2 ** 31;
    await t.rawExec(`INSERT INTO "AuditEvent" ("id","seq","at","action","prevHash","hash") VALUES ($1,$2,$3,$4,$5,$6)`, ["big-seq", big, "2026-01-01T10:00:00.000+00:00", "test.big", "0".repeat(64), "f".repeat(64)]);
    const next = await recordAudit({ action: "test.after-big" });
    expect(next.seq).toBe(big + 1);
    const [newest] = await listAuditEvents({ limit: 1 });
    expect(newest).toMatchObject({ action: "test.after-big", seq: big + 1 });
    expect(JSON.stringify(newest)).toContain(`"seq":${big + 1}`);
  });
});
