import { describe, expect, it } from "vitest";
import { apiSecurityHeaders, contentSecurityPolicy, newNonce, securityHeaders, withDefaultHeaders } from "./security-headers";

describe("security headers", () => {
  it("production CSP: nonce + strict-dynamic, never unsafe-eval, never framed", () => {
    const csp = contentSecurityPolicy({ nonce: "abc", development: false, secure: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy({ nonce: "abc", development: true, secure: false })).toContain("'unsafe-eval'");
  });

  it("HSTS and upgrade-insecure-requests only over https", () => {
    expect(securityHeaders({ nonce: "n", development: false, secure: false })["Strict-Transport-Security"]).toBeUndefined();
    const secure = securityHeaders({ nonce: "n", development: false, secure: true });
    expect(secure["Strict-Transport-Security"]).toBe("max-age=31536000");
    expect(secure["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
  });

  it("nonces are fresh and 128-bit", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });

  it("a response's own headers win over the defaults, also when its headers are immutable", () => {
    const own = withDefaultHeaders(new Response("x", { headers: { "Referrer-Policy": "no-referrer" } }), apiSecurityHeaders(false));
    expect(own.headers.get("referrer-policy")).toBe("no-referrer");
    expect(own.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    const redirect = withDefaultHeaders(Response.redirect("http://127.0.0.1/x", 302), apiSecurityHeaders(true));
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe("http://127.0.0.1/x");
    expect(redirect.headers.get("strict-transport-security")).toBe("max-age=31536000");
  });
});
