import { describe, expect, it } from "vitest";
import { checkRequestHost, deploymentWarnings, isAllowedHost, isSecureRequest, missesForwardedProto, noteMissingForwardedProto, parseHostHeader, urlAsAddressed } from "./request-origin";

const PUBLIC = new URL("https://beaconport.example.com:8443");
const headers = (h: Record<string, string>) => new Headers(h);

describe("isAllowedHost", () => {
  it.each(["localhost:3000", "127.0.0.1:3217", "127.1.2.3", "[::1]:3000", "LOCALHOST"])("accepts the loopback name %s without configuration", (host) => {
    expect(isAllowedHost(host, undefined)).toBe(true);
  });

  it.each(["beaconport.example.com:8443", "beaconport.example.com", "BEACONPORT.example.com:8443"])("accepts the public origin's host %s (port kept or dropped by the proxy)", (host) => {
    expect(isAllowedHost(host, PUBLIC)).toBe(true);
  });

  it.each([
    ["a rebinding name", "attacker.example"],
    ["the public name on another port", "beaconport.example.com:9000"],
    ["a suffix trick", "beaconport.example.com.attacker.example"],
    ["a prefix trick", "attacker-beaconport.example.com"],
    ["userinfo", "beaconport.example.com@attacker.example"],
    ["a path", "beaconport.example.com/x"],
    ["a backslash", "beaconport.example.com\\@attacker.example"],
    ["whitespace", "beaconport.example.com attacker.example"],
    ["empty", ""],
    ["the LAN address of the box", "192.168.1.20:3000"],
    ["0.0.0.0", "0.0.0.0:3000"],
  ])("refuses %s (%j)", (_what, host) => {
    expect(isAllowedHost(host, PUBLIC)).toBe(false);
  });

  it("without BEACONPORT_URL only loopback names pass", () => {
    expect(isAllowedHost("beaconport.example.com", undefined)).toBe(false);
  });

  it("reads the first of a comma-separated list (X-Forwarded-Host from a chain)", () => {
    expect(parseHostHeader("beaconport.example.com, internal:3000")).toEqual({ hostname: "beaconport.example.com", port: "" });
  });
});

describe("checkRequestHost", () => {
  it("checks X-Forwarded-Host as well as Host", () => {
    expect(checkRequestHost(headers({ host: "127.0.0.1:3000" }), undefined)).toEqual({ ok: true });
    expect(checkRequestHost(headers({ host: "127.0.0.1:3000", "x-forwarded-host": "attacker.example" }), undefined)).toEqual({ ok: false, header: "x-forwarded-host", value: "attacker.example" });
    expect(checkRequestHost(headers({ host: "attacker.example" }), PUBLIC)).toMatchObject({ ok: false, header: "host" });
  });
});

describe("Secure cookies and X-Forwarded-Proto", () => {
  it("an https public origin decides, whatever the proxy forwards", () => {
    expect(isSecureRequest(headers({ "x-forwarded-proto": "http" }), PUBLIC)).toBe(true);
    expect(isSecureRequest(headers({}), undefined)).toBe(false);
    expect(isSecureRequest(headers({ "x-forwarded-proto": "https" }), undefined)).toBe(true);
  });

  it("a request to an https origin without X-Forwarded-Proto: https is a proxy mistake (loopback probes aside)", () => {
    expect(missesForwardedProto(headers({ host: "beaconport.example.com", "x-forwarded-proto": "http" }), PUBLIC)).toBe(true);
    expect(missesForwardedProto(headers({ host: "beaconport.example.com", "x-forwarded-proto": "https" }), PUBLIC)).toBe(false);
    expect(missesForwardedProto(headers({ host: "127.0.0.1:3000", "x-forwarded-proto": "http" }), PUBLIC)).toBe(false);
    expect(missesForwardedProto(headers({ host: "localhost" }), new URL("http://beaconport.internal"))).toBe(false);
  });

  it("is noted once, and then reported by the health probe", () => {
    expect(deploymentWarnings()).toEqual([]);
    expect(noteMissingForwardedProto(new Date("2026-12-02T10:00:00Z"))).toBe(true);
    expect(noteMissingForwardedProto()).toBe(false);
    expect(deploymentWarnings()).toEqual([expect.stringContaining("first seen 2026-12-02T10:00:00.000Z")]);
  });
});

describe("urlAsAddressed", () => {
  const h = (init: Record<string, string>) => new Headers(init);
  it("rewrites Next's listen address to the loopback name the browser used", () => {
    expect(urlAsAddressed("http://localhost:3311/api/auth/callback/oidc?code=1&state=2", h({ host: "127.0.0.1:3311" }), undefined)).toBe("http://127.0.0.1:3311/api/auth/callback/oidc?code=1&state=2");
  });
  it("leaves it to BEACONPORT_URL when set, and never adopts a name that is not loopback", () => {
    expect(urlAsAddressed("http://localhost:3000/api/auth/session", h({ host: "127.0.0.1:3000" }), new URL("https://bp.example.com"))).toBe("http://localhost:3000/api/auth/session");
    expect(urlAsAddressed("http://localhost:3000/api/auth/session", h({ host: "evil.example" }), undefined)).toBe("http://localhost:3000/api/auth/session");
    expect(urlAsAddressed("http://localhost:3000/api/auth/session", h({ host: "127.0.0.1:3000", "x-forwarded-host": "evil.example" }), undefined)).toBe("http://localhost:3000/api/auth/session");
  });
});
