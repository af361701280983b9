import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { EncryptionKeyMismatchError, ensureEncryptionKeyMatches, KEY_FINGERPRINT_FACT, keyFingerprint } from "./key-fingerprint";

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});
afterAll(() => t.cleanup());

describe("ensureEncryptionKeyMatches (several instances, one database)", () => {
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);

  it("the first instance records its key's fingerprint (never the key)", async () => {
    expect(await ensureEncryptionKeyMatches(t.db, keyA)).toEqual({ fingerprint: keyFingerprint(keyA), recorded: true });
    const fact = await t.db.installationFact.findUniqueOrThrow({ where: { name: KEY_FINGERPRINT_FACT } });
    expect(fact.value).toBe(keyFingerprint(keyA));
    expect(fact.value).not.toContain(keyA.toString("hex").slice(0, 8));
  });

  it("another instance with the same key starts", async () => {
    expect(await ensureEncryptionKeyMatches(t.db, Buffer.from(keyA))).toEqual({ fingerprint: keyFingerprint(keyA), recorded: false });
  });

  it("an instance with another key refuses, naming the variable and both fingerprints", async () => {
    const refused = ensureEncryptionKeyMatches(t.db, keyB);
    await expect(refused).rejects.toBeInstanceOf(EncryptionKeyMismatchError);
    await expect(ensureEncryptionKeyMatches(t.db, keyB)).rejects.toThrow(/^BEACONPORT_ENCRYPTION_KEY does not match this database/);
    await expect(ensureEncryptionKeyMatches(t.db, keyB)).rejects.toThrow(new RegExp(`${keyFingerprint(keyA)}.*${keyFingerprint(keyB)}`));
  });

  it("two first starts racing with different keys: exactly one wins, the other refuses", async () => {
    await t.db.installationFact.deleteMany({});
    const results = await Promise.allSettled([ensureEncryptionKeyMatches(t.db, keyA), ensureEncryptionKeyMatches(t.db, keyB)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(EncryptionKeyMismatchError);
  });
});
