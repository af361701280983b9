import { describe, expect, it } from "vitest";
import { canonicalJson, GENESIS_HASH, hashEvent, verifyEvents, type ChainedEvent } from "./chain";

function chain(n: number): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = { seq: i, at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), actorId: "u1", actorEmail: "a@x.io", action: "t.e", entityType: null, entityId: String(i), before: null, after: canonicalJson({ n: i }), ip: null };
    const hash = hashEvent(fields, prev);
    out.push({ ...fields, id: `e${i}`, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe("canonicalJson", () => {
  it("sorts keys at every level so equal values hash equally", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});

describe("verifyEvents", () => {
  it("accepts an intact chain, also page by page", () => {
    const events = chain(6);
    expect(verifyEvents(events, null)).toMatchObject({ ok: true, last: { seq: 6 } });
    const first = verifyEvents(events.slice(0, 3), null);
    expect(first.ok).toBe(true);
    if (first.ok) expect(verifyEvents(events.slice(3), first.last).ok).toBe(true);
  });

  it("names the edited event", () => {
    const events = chain(5);
    events[2] = { ...events[2]!, after: canonicalJson({ n: 99 }) };
    expect(verifyEvents(events, null)).toMatchObject({ ok: false, brokenAt: { id: "e3", seq: 3 } });
  });

  it("detects an edit that also recomputed its own hash (the next link breaks)", () => {
    const events = chain(5);
    const edited = { ...events[1]!, actorEmail: "mallory@x.io" };
    edited.hash = hashEvent(edited, edited.prevHash);
    events[1] = edited;
    expect(verifyEvents(events, null)).toMatchObject({ ok: false, brokenAt: { seq: 3 } });
  });

  it("detects a missing event", () => {
    const events = chain(5);
    events.splice(1, 1);
    expect(verifyEvents(events, null)).toMatchObject({ ok: false, brokenAt: { seq: 3 } });
  });
});
