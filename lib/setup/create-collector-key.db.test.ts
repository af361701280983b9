/** Which keys are never suggested for retirement (issue #14): the stored key and the last scheduled test's. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { keysInUse } from "./create-collector-key";

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

describe("keysInUse", () => {
  it("names the connection's stored key and the key the last scheduled test signed in with", async () => {
    const c = await t.db.connection.create({ data: { name: "keys", model: "{}", accessKeyId: "AKIASTOREDKEY0000001" } });
    await t.db.run.create({ data: { kind: "scheduled-test", connectionId: c.id, status: "succeeded", createdAt: new Date(Date.now() - 60_000), result: JSON.stringify({ status: "passed", accessKeyId: "AKIAOLDTESTKEY000001" }) } });
    await t.db.run.create({ data: { kind: "scheduled-test", connectionId: c.id, status: "succeeded", result: JSON.stringify({ status: "passed", accessKeyId: "AKIATESTEDKEY0000001" }) } });
    expect((await keysInUse(c.id)).sort()).toEqual(["AKIASTOREDKEY0000001", "AKIATESTEDKEY0000001"]);
  });
});
