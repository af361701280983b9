import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { describedBy, Field, FieldError, SelectField } from "./field";

describe("Field", () => {
  it("ties its hint and its errors to the input and marks it invalid", () => {
    const html = renderToStaticMarkup(<Field label="Role name" name="role" hint="No spaces." errors={["Use no spaces."]} />);
    expect(html).toContain('aria-describedby="field-role-hint field-role-error"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toMatch(/<p id="field-role-error"[^>]*>Use no spaces\.<\/p>/);
  });

  it("marks a required field visibly (hidden from screen readers, which hear the attribute)", () => {
    expect(renderToStaticMarkup(<Field label="Email" name="email" required />)).toMatch(/<label[^>]*>Email<span[^>]*aria-hidden="true"[^>]*>\(required\)<\/span><\/label>/);
    expect(renderToStaticMarkup(<Field label="Access key ID" name="accessKeyId" aria-required="true" />)).toContain("(required)");
    expect(renderToStaticMarkup(<Field label="Session token" name="sessionToken" />)).not.toContain("(required)");
  });
});

describe("SelectField", () => {
  it("ties its errors to the select", () => {
    const html = renderToStaticMarkup(<SelectField label="Role" name="role" options={[{ value: "a", label: "A" }]} errors={["Pick one."]} />);
    expect(html).toContain('aria-describedby="field-role-error"');
    expect(html).toContain('aria-invalid="true"');
  });
});

describe("describedBy and FieldError, for a control drawn by hand", () => {
  it("name the same element", () => {
    expect(describedBy("field-accounts", { hint: true, errors: ["Bad entry."] })).toEqual({ "aria-invalid": true, "aria-describedby": "field-accounts-hint field-accounts-error" });
    expect(describedBy("field-accounts", { hint: false })).toEqual({ "aria-invalid": undefined, "aria-describedby": undefined });
    expect(renderToStaticMarkup(<FieldError id="field-accounts" name="accounts" errors={["Bad entry."]} />)).toMatch(/^<p id="field-accounts-error" data-testid="error-accounts"/);
  });
});
