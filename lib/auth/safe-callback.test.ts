import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback";

describe("safeCallbackPath", () => {
  it("keeps local paths with their query", () => {
    expect(safeCallbackPath("/users?x=1")).toBe("/users?x=1");
  });
  it("keeps only the path of an absolute URL (next-auth names the listen address)", () => {
    expect(safeCallbackPath("http://127.0.0.1:3000/audit")).toBe("/audit");
    expect(safeCallbackPath("https://evil.example/audit")).toBe("/audit");
  });
  it("refuses protocol-relative and odd values", () => {
    expect(safeCallbackPath("//evil.example")).toBe("/");
    expect(safeCallbackPath("/\\evil.example")).toBe("/");
    expect(safeCallbackPath("javascript:alert(1)")).toBe("/");
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath("/login")).toBe("/");
  });
});
