import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback";

describe("safeCallbackPath", () => {
  it.each([
    "/",
    "/users",
    "/users?x=1",
    "/audit?action=user.create&page=2#top",
    "/connections/clx123/setup",
    "/search?q=a%20b",
    "/path/with//inner/double/slash",
    "/a/../b",
  ])("keeps the local path %j", (value) => {
    expect(safeCallbackPath(value)).toBe(value);
  });

  // Open-redirect payloads from OWASP's Unvalidated Redirects cheat sheet, PortSwigger's URL validation
  // bypass cheat sheet and PayloadsAllTheThings "Open Redirect", as they would reach `callbackUrl`
  // (already URL-decoded once by the query-string parser).
  const hostile: [string, string][] = [
    ["protocol-relative", "//evil.example"],
    ["protocol-relative with path", "//evil.example/%2f.."],
    ["triple slash", "///evil.example"],
    ["many slashes", "////evil.example/"],
    ["slash backslash", "/\\evil.example"],
    ["backslash slash", "\\/evil.example"],
    ["double backslash", "\\\\evil.example"],
    ["backslash in the path", "/\\/evil.example"],
    ["tab between slashes", "/\t/evil.example"],
    ["newline between slashes", "/\n/evil.example"],
    ["carriage return between slashes", "/\r/evil.example"],
    ["leading tab", "\t//evil.example"],
    ["leading space", " //evil.example"],
    ["NUL", "/\u0000/evil.example"],
    ["vertical tab", "/\u000b/evil.example"],
    ["form feed", "/\f/evil.example"],
    ["DEL", "/\u007f/evil.example"],
    ["C1 control", "/\u0085/evil.example"],
    ["no-break space", "/\u00a0/evil.example"],
    ["ideographic space", "/\u3000/evil.example"],
    ["zero-width space", "/\u200b/evil.example"],
    ["BOM", "\ufeff//evil.example"],
    ["fullwidth solidus", "/\uff0fevil.example"],
    ["fullwidth reverse solidus", "/\uff3cevil.example"],
    ["encoded slashes", "/%2f%2fevil.example"],
    ["encoded slashes, upper case", "/%2F%2Fevil.example"],
    ["encoded second slash", "/%2fevil.example"],
    ["encoded backslash", "/%5cevil.example"],
    ["encoded backslash, upper case", "/%5Cevil.example"],
    ["encoded tab", "/%09/evil.example"],
    ["encoded newline", "/%0a/evil.example"],
    ["encoded CR LF (header injection)", "/%0d%0aLocation:%20https://evil.example"],
    ["encoded NUL", "/%00/evil.example"],
    ["double-encoded slash", "/%252f%252fevil.example"],
    ["double-encoded backslash", "/%255cevil.example"],
    ["triple-encoded slash", "/%25252f%25252fevil.example"],
    ["double-encoded tab", "/%2509/evil.example"],
    ["malformed escape", "/%E0%A4%A"],
    ["lone percent", "/%"],
    ["absolute http", "http://evil.example"],
    ["absolute https", "https://evil.example/audit"],
    ["absolute, same host (refused: see safe-callback.ts)", "http://127.0.0.1:3000/audit"],
    ["absolute with userinfo", "https://127.0.0.1:3000@evil.example/"],
    ["scheme without slashes", "https:evil.example"],
    ["scheme, single slash", "http:/evil.example"],
    ["scheme with backslashes", "https:\\\\evil.example"],
    ["upper-case scheme", "HTTPS://evil.example"],
    ["javascript:", "javascript:alert(1)"],
    ["javascript: mixed case", "JaVaScRiPt:alert(1)"],
    ["javascript: with tab", "java\tscript:alert(1)"],
    ["javascript: after a newline", "\njavascript:alert(1)"],
    ["javascript: behind a slash (scheme-relative trick)", "/javascript:alert(1)".replace("/", "//")],
    ["data:", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="],
    ["vbscript:", "vbscript:msgbox(1)"],
    ["relative without slash", "evil.example"],
    ["dot-relative", "./evil"],
    ["query only", "?next=//evil.example"],
    ["fragment only", "#//evil.example"],
    ["empty", ""],
    ["sign-in page (loop)", "/login"],
    ["sign-in page, encoded", "/%6cogin"],
    ["setup page", "/setup?x=1"],
    ["API route", "/api/auth/signout"],
    ["too long", "/" + "a".repeat(2001)],
  ];
  it.each(hostile)("falls back to / for %s", (_name, value) => {
    expect(safeCallbackPath(value)).toBe("/");
  });

  it("falls back for values that are not strings", () => {
    for (const value of [undefined, null, 42, ["/users"], { toString: () => "/users" }]) expect(safeCallbackPath(value)).toBe("/");
  });

  it("uses the caller's fallback", () => {
    expect(safeCallbackPath("//evil.example", "/account")).toBe("/account");
  });
});
