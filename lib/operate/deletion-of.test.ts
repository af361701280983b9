import { describe, expect, it } from "vitest";
import { deletionOf } from "./deletion-of";

describe("deletionOf", () => {
  it("names the connection, who deleted it, when, its run and whether AWS was cleaned up", () => {
    expect(deletionOf({ at: "2026-12-03T10:20:30.000Z", actorEmail: "ada@example.test", before: '{"name":"Prod"}', after: '{"runId":"run_1","cleanupAws":true}' })).toEqual({ name: "Prod", by: "ada@example.test", at: "2026-12-03 10:20", runId: "run_1", cleanupAws: true });
  });
  it("falls back to plain words when the event lacks details or holds damaged JSON", () => {
    expect(deletionOf({ at: "2026-12-03T10:20:30.000Z", actorEmail: null, before: "{oops", after: null })).toEqual({ name: "This connection", by: "an administrator", at: "2026-12-03 10:20", runId: null, cleanupAws: false });
  });
});
