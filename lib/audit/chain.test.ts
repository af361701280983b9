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

describe("seq as a BigInt column", () => {
  // Hashes computed by the chain code of the time AuditEvent.seq was an Int (before widen_audit_seq):
  // chains written then must verify now, byte for byte.
  const fields = { seq: 41, at: new Date("2026-11-27T18:36:22.123Z"), actorId: "u1", actorEmail: "ada@example.test", action: "user.role", entityType: "User", entityId: "u2", before: '{"role":"reviewer"}', after: '{"role":"admin"}', ip: "127.0.0.1" };
  const H41 = "75a72b203acdf7aa006c29e0a945e5afd48059536a30ed376a17ac4239c65191";
  const H42 = "e0754be7f9ea5eaf27a6c5df2d8803ce90d5f630594d91e162ede74277ebe0a5";

  it("hashes a bigint seq exactly as the number it was", () => {
    expect(hashEvent(fields, GENESIS_HASH)).toBe(H41);
    expect(hashEvent({ ...fields, seq: 41n }, GENESIS_HASH)).toBe(H41);
    expect(hashEvent({ ...fields, seq: 42n }, H41)).toBe(H42);
  });

  it("verifies a chain read back with bigint seqs, reporting numbers", () => {
    const events = chain(4).map((e) => ({ ...e, seq: BigInt(e.seq) }));
    expect(verifyEvents(events, null)).toEqual({ ok: true, last: { seq: 4, hash: events[3]!.hash } });
    const broken = verifyEvents([events[0]!, events[2]!], null);
    expect(broken).toMatchObject({ ok: false, brokenAt: { id: "e3", seq: 3 } });
  });

  it("refuses a seq past JavaScript's exact integers instead of hashing a rounded one", () => {
    expect(() => hashEvent({ ...fields, seq: 2n ** 53n + 1n }, GENESIS_HASH)).toThrow(RangeError);
  });
});
