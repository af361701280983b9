import { describe, expect, it } from "vitest";
import { redact } from "@/lib/log/redact";
import { generateExternalId } from "./generate-external-id";
import { externalIdSchema } from "./field-schemas";

describe("generateExternalId", () => {
  it("produces valid, distinct, alphanumeric IDs of 48 characters", () => {
    const ids = Array.from({ length: 2000 }, () => generateExternalId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9]{48}$/);
      expect(externalIdSchema.safeParse(id).success).toBe(true);
    }
  });
  it("uses the whole alphabet roughly evenly (no modulo bias towards the first letters)", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) for (const c of generateExternalId()) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 96,000 characters over 62 letters: about 1,550 each; a biased generator would give the first 8 letters ~1.25x.
    const values = [...counts.values()];
    expect(Math.min(...values)).toBeGreaterThan(1350);
    expect(Math.max(...values)).toBeLessThan(1750);
  });
  it("is not mistaken for an AWS secret key by the redactor (it stays readable in run results and the audit trail)", () => {
    for (let i = 0; i < 200; i++) {
      const id = generateExternalId();
      expect(redact({ trust: `sts:ExternalId = ${id}`, externalId: id })).toEqual({ trust: `sts:ExternalId = ${id}`, externalId: id });
    }
  });
});
