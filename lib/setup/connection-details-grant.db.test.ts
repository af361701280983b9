import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { consumeDetailsGrant, createDetailsGrant, DETAILS_GRANT_TTL_MS } from "./connection-details-grant";

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

const who = { userId: "u1", sessionId: "s1", connectionId: "c1" };

describe("details download grant", () => {
  it("works once, for the same user, session and connection", async () => {
    const { grant } = createDetailsGrant(who);
    expect(await consumeDetailsGrant(grant, { ...who, connectionId: "c2" })).toBe(false);
    expect(await consumeDetailsGrant(grant, { ...who, sessionId: "s2" })).toBe(false);
    expect(await consumeDetailsGrant(grant, { ...who, userId: "u2" })).toBe(false);
    expect(await consumeDetailsGrant(grant, who)).toBe(true);
    expect(await consumeDetailsGrant(grant, who)).toBe(false);
  });

  it("expires after a minute and refuses forgeries", async () => {
    const now = Date.now();
    const { grant } = createDetailsGrant({ ...who, now });
    expect(await consumeDetailsGrant(grant, { ...who, now: now + DETAILS_GRANT_TTL_MS + 1 })).toBe(false);
    expect(await consumeDetailsGrant("v1.AAAA.BBBB.CCCC", who)).toBe(false);
    expect(await consumeDetailsGrant(grant.slice(0, -3) + "abc", who)).toBe(false);
  });

  it("is spent in the database: another instance (a fresh copy of the module, no shared memory) refuses it too", async () => {
    const { grant } = createDetailsGrant(who);
    expect(await consumeDetailsGrant(grant, who)).toBe(true);
    vi.resetModules();
    const other = await import("./connection-details-grant");
    expect(other.consumeDetailsGrant).not.toBe(consumeDetailsGrant);
    expect(await other.consumeDetailsGrant(grant, who)).toBe(false);
    // Only a hash of the nonce is stored, never the grant.
    const rows = await t.db.spentToken.findMany();
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(rows)).not.toContain(grant.slice(0, 20));
  });

  it("of N concurrent uses, exactly one succeeds", async () => {
    const { grant } = createDetailsGrant(who);
    const results = await Promise.all(Array.from({ length: 8 }, () => consumeDetailsGrant(grant, who)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("prunes spent grants once they have expired", async () => {
    const now = Date.now();
    const { grant } = createDetailsGrant({ ...who, now });
    expect(await consumeDetailsGrant(grant, { ...who, now })).toBe(true);
    const before = await t.db.spentToken.count();
    const later = now + DETAILS_GRANT_TTL_MS + 1000;
    const fresh = createDetailsGrant({ ...who, now: later });
    expect(await consumeDetailsGrant(fresh.grant, { ...who, now: later })).toBe(true);
    expect(await t.db.spentToken.count()).toBe(1);
    expect(before).toBeGreaterThan(1);
  });
});
