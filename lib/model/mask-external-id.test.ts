import { describe, expect, it } from "vitest";
import { maskExternalId, maskExternalIdsIn } from "./mask-external-id";
import { maskValue } from "@/lib/setup/connection-details";
import { generateExternalId } from "@/lib/model";

/** How many characters of `value` the mask lets through (the bullets are not from the value). */
function revealed(value: string, mask: string): number {
  const [head = "", tail = ""] = mask.split("••••");
  expect(value.startsWith(head) && value.endsWith(tail)).toBe(true);
  return head.length + tail.length;
}

describe("maskExternalId: never more than 4 characters, never most of a short value", () => {
  // 2..1,224 characters is what sts:ExternalId allows.
  const lengths = [2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 20, 48, 1224];
  it.each(lengths)("%i characters: at most min(4, floor(len/3)) shown", (length) => {
    const value = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(40).slice(0, length);
    for (const mask of [maskExternalId(value)!, maskValue(value)]) {
      const shown = revealed(value, mask);
      expect(shown).toBeLessThanOrEqual(Math.min(4, Math.floor(length / 3)));
      expect(mask).not.toContain(value);
    }
  });

  it("a 5-character ID is not shown whole or nearly whole; a generated one keeps its familiar shape", () => {
    expect(maskExternalId("ab3de")).toBe("••••");
    expect(maskExternalId("abcdefgh")).toBe("a••••h");
    const id = generateExternalId();
    expect(maskExternalId(id)).toBe(`${id.slice(0, 2)}••••${id.slice(-2)}`);
  });

  it("masking a mask changes nothing (a reviewer's view of an already masked audit diff keeps its shape)", () => {
    const masked = maskExternalId("masking-e2e-second-external-id-42")!;
    expect(masked).toBe("ma••••42");
    expect(maskExternalId(masked)).toBe(masked);
    expect(maskExternalIdsIn({ externalId: masked }, [])).toEqual({ externalId: masked });
  });

  it("the connection details file masks the same way for reviewers (it showed 6 characters before)", () => {
    expect(maskValue("fnms-ext-0123456789")).toBe(maskExternalId("fnms-ext-0123456789"));
  });
});

const ID = "Q7mZpK2vX9cLr4TnB8wYe1HsJ6uFa3DgNq5VtRk0Ci7Lb2Mx";

describe("maskExternalIdsIn", () => {
  it("masks fields named like an external ID, at any depth, including a trust policy condition", () => {
    const trust = { Statement: [{ Condition: { StringEquals: { "sts:ExternalId": "entered-by-hand-123" } } }] };
    const out = maskExternalIdsIn({ after: { externalId: "entered-by-hand-123", names: { role: "R" } }, trust }, []);
    expect(JSON.stringify(out)).not.toContain("entered-by-hand-123");
    expect(out.after.externalId).toBe(maskExternalId("entered-by-hand-123"));
    expect(out.after.names.role).toBe("R");
  });

  it("masks known values inside free text and inside JSON kept as text", () => {
    const out = maskExternalIdsIn(
      { message: `Trust requires ${ID}`, before: JSON.stringify({ model: { externalId: "old-value-9999" } }), list: [ID] },
      [ID],
    );
    const text = JSON.stringify(out);
    expect(text).not.toContain(ID);
    expect(text).not.toContain("old-value-9999");
    expect(out.message).toBe(`Trust requires ${maskExternalId(ID)}`);
    expect(JSON.parse(out.before)).toEqual({ model: { externalId: maskExternalId("old-value-9999") } });
  });

  it("leaves everything else untouched", () => {
    const value = { a: 1, b: "arn:aws:iam::222222222222:role/X", c: null, d: [true] };
    expect(maskExternalIdsIn(value, [ID])).toEqual(value);
  });
});
