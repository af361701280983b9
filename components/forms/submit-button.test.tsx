import { describe, expect, it, vi } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";

// The form's pending state comes from React DOM; the test sets it the way a submitting form would.
const status = vi.hoisted(() => ({ pending: false }));
vi.mock("react-dom", async (importOriginal) => ({ ...(await importOriginal<typeof import("react-dom")>()), useFormStatus: () => ({ pending: status.pending, data: null, method: null, action: null }) }));

const { SubmitButton } = await import("./submit-button");
/** The `disabled` attribute (the class list mentions `disabled:` variants too). */
const DISABLED = /<button[^>]*\sdisabled=""/;

describe("SubmitButton", () => {
  it("is disabled while its form is pending, even when the caller passes disabled={false}", () => {
    status.pending = true;
    const html = renderToStaticMarkup(<SubmitButton disabled={false} pendingText="Saving…">Save</SubmitButton>);
    expect(html).toMatch(DISABLED);
    expect(html).toContain("Saving…");
  });

  it("follows the caller's disabled when the form is idle", () => {
    status.pending = false;
    expect(renderToStaticMarkup(<SubmitButton disabled={false}>Save</SubmitButton>)).not.toMatch(DISABLED);
    expect(renderToStaticMarkup(<SubmitButton disabled>Save</SubmitButton>)).toMatch(DISABLED);
  });
});
