import { describe, expect, it } from "vitest";
import { maskExternalId, maskExternalIdsIn } from "./mask-external-id";

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
