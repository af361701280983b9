import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineRunKind } from "./run-kind";
import { SETUP_RUN_KINDS } from "@/lib/setup/run-kinds";
import { CONNECTION_TEST_RUN } from "@/lib/connections/test-summary";
import { SCHEDULE_RUN, SCHEDULED_TEST_RUN, scheduledTestKeyOf } from "@/lib/schedule/schedule-run-kind";
import { OPERATE_RUN_KINDS } from "@/lib/operate/run-kinds";
import { DRIFT_RUN_KINDS } from "@/lib/drift/run-kinds";

describe("defineRunKind", () => {
  const kind = defineRunKind("example", z.object({ n: z.number() }));
  it("reads a stored result of its schema, and null from none or another shape", () => {
    expect(kind.read({ n: 1 })).toEqual({ n: 1 });
    expect(kind.read(null)).toBeNull();
    expect(kind.read(undefined)).toBeNull();
    expect(kind.read({ n: "1" })).toBeNull();
    expect(kind.read([{ n: 1 }])).toBeNull();
  });
});

describe("the portal's run kinds", () => {
  const all = [...Object.values(SETUP_RUN_KINDS), CONNECTION_TEST_RUN, SCHEDULE_RUN, SCHEDULED_TEST_RUN, ...Object.values(OPERATE_RUN_KINDS), ...Object.values(DRIFT_RUN_KINDS)];
  it("each has its own id (the Run's kind column, and the one-run-at-a-time key)", () => {
    const ids = all.map((k) => k.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(["plan", "rollout", "verify", "connection-test", "scheduled-test", "schedule-run", "rotate-key", "change-accounts", "delete-connection", "drift-pinpoint", "drift-repair"]));
  });
  it("a rotation's result is either the refusal with the keys or the new key, never a mix", () => {
    expect(OPERATE_RUN_KINDS.rotateKey.read({ newKeyId: "AKIANEW", oldKeyId: null, oldKeyStatus: "Inactive" })).toEqual({ newKeyId: "AKIANEW", oldKeyId: null, oldKeyStatus: "Inactive" });
    expect(OPERATE_RUN_KINDS.rotateKey.read({ refused: true, keys: [{ accessKeyId: "AKIA1", status: "Active" }], retireSuggestion: "AKIA1" })).toMatchObject({ refused: true });
    expect(OPERATE_RUN_KINDS.rotateKey.read({ refused: true })).toBeNull();
  });
  it("a scheduled test names its key even in an older, partial result", () => {
    expect(scheduledTestKeyOf({ status: "passed", accessKeyId: "AKIATESTED" })).toBe("AKIATESTED");
    expect(scheduledTestKeyOf({ status: "passed" })).toBeNull();
    expect(scheduledTestKeyOf("not a result")).toBeNull();
    expect(SCHEDULED_TEST_RUN.read({ status: "passed", accessKeyId: "AKIATESTED" })).toBeNull();
  });
});
