import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { consumeDetailsGrant, createDetailsGrant, DETAILS_GRANT_TTL_MS } from "./connection-details-grant";

beforeAll(() => {
  process.env.BEACONPORT_ENCRYPTION_KEY = randomBytes(32).toString("hex");
  resetEnvCache();
});

const who = { userId: "u1", sessionId: "s1", connectionId: "c1" };

describe("details download grant", () => {
  it("works once, for the same user, session and connection", () => {
    const { grant } = createDetailsGrant(who);
    expect(consumeDetailsGrant(grant, { ...who, connectionId: "c2" })).toBe(false);
    expect(consumeDetailsGrant(grant, { ...who, sessionId: "s2" })).toBe(false);
    expect(consumeDetailsGrant(grant, { ...who, userId: "u2" })).toBe(false);
    expect(consumeDetailsGrant(grant, who)).toBe(true);
    expect(consumeDetailsGrant(grant, who)).toBe(false);
  });

  it("expires after a minute and refuses forgeries", () => {
    const now = Date.now();
    const { grant } = createDetailsGrant({ ...who, now });
    expect(consumeDetailsGrant(grant, { ...who, now: now + DETAILS_GRANT_TTL_MS + 1 })).toBe(false);
    expect(consumeDetailsGrant("v1.AAAA.BBBB.CCCC", who)).toBe(false);
    expect(consumeDetailsGrant(grant.slice(0, -3) + "abc", who)).toBe(false);
  });
});
