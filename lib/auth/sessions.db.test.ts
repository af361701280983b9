import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { resetEnvCache } from "@/lib/env";
import { createTestFirstAdmin } from "@/test/first-admin";
import { createSession, resolveSession } from "./sessions";

let t: TestDatabase;
let userId: string;
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await useTestDatabase();
  await createTestFirstAdmin({ email: "s@x.test", name: "S", password: "Session-pass-12345" });
  userId = (await t.db.user.findUniqueOrThrow({ where: { email: "s@x.test" } })).id;
});
afterAll(async () => {
  delete process.env.BEACONPORT_SESSION_MAX_AGE_HOURS;
  delete process.env.BEACONPORT_SESSION_IDLE_HOURS;
  resetEnvCache();
  await t.cleanup();
});

/** A session signed in `ageMs` ago and used a minute ago (never idle). */
async function sessionAged(ageMs: number): Promise<string> {
  const token = await createSession(userId, { ip: null, userAgent: null });
  await t.db.session.updateMany({ where: { userId, createdAt: { gt: new Date(Date.now() - 60_000) } }, data: { createdAt: new Date(Date.now() - ageMs), lastSeenAt: new Date(Date.now() - 60_000) } });
  return token;
}

describe("absolute session lifetime", () => {
  it("defaults to 7 days, however active the session is", async () => {
    delete process.env.BEACONPORT_SESSION_MAX_AGE_HOURS;
    resetEnvCache();
    const fresh = await sessionAged(7 * 24 * HOUR - 10 * 60_000);
    expect(await resolveSession(fresh)).toMatchObject({ userId });
    const old = await sessionAged(7 * 24 * HOUR + 60_000);
    expect(await resolveSession(old)).toBeNull();
    // Ended for good: the row is gone.
    expect(await t.db.session.count({ where: { userId, createdAt: { lt: new Date(Date.now() - 7 * 24 * HOUR) } } })).toBe(0);
  });

  it("is configurable, and using the session never extends it", async () => {
    process.env.BEACONPORT_SESSION_MAX_AGE_HOURS = "2";
    resetEnvCache();
    const token = await sessionAged(2 * HOUR - 5 * 60_000);
    // Used now (this refreshes lastSeenAt) ...
    expect(await resolveSession(token)).toMatchObject({ userId });
    // ... and ten minutes later, still active, past the lifetime: ended.
    expect(await resolveSession(token, new Date(Date.now() + 10 * 60_000))).toBeNull();
    expect(await resolveSession(token)).toBeNull();
  });
});

describe("idle timeout", () => {
  it("may be shorter than a minute (a fraction of an hour): a session in use stays, one left alone ends", async () => {
    process.env.BEACONPORT_SESSION_IDLE_HOURS = String(10 / 3600);
    resetEnvCache();
    try {
      const token = await createSession(userId, { ip: null, userAgent: null });
      const start = Date.now();
      // Used every 6 s: each use counts as activity, although the last-seen time is otherwise written once a minute.
      expect(await resolveSession(token, new Date(start + 6_000))).toMatchObject({ userId });
      expect(await resolveSession(token, new Date(start + 12_000))).toMatchObject({ userId });
      expect(await resolveSession(token, new Date(start + 18_000))).toMatchObject({ userId });
      // Then left alone for 11 s: ended, for good.
      expect(await resolveSession(token, new Date(start + 29_000))).toBeNull();
      expect(await resolveSession(token, new Date(start + 30_000))).toBeNull();
    } finally {
      delete process.env.BEACONPORT_SESSION_IDLE_HOURS;
      resetEnvCache();
    }
  });
});
