import { afterEach, describe, expect, it } from "vitest";
import { parseEnv, parseTrustedProxies, resetEnvCache, type TrustedProxies } from "@/lib/env";
import { clientIpFrom, normalizeIp, PEER_HEADER_MARK, selectClientIp } from "./client-ip";

const trusted = (value: string): TrustedProxies => {
  const parsed = parseTrustedProxies(value);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
};

describe("BEACONPORT_TRUSTED_PROXIES", () => {
  it("is none by default, a hop count, or a CIDR list", () => {
    expect(parseEnv({}).trustedProxies).toEqual({ kind: "none" });
    expect(parseTrustedProxies("0")).toEqual({ kind: "none" });
    expect(parseTrustedProxies("2")).toEqual({ kind: "hops", hops: 2 });
    expect(parseTrustedProxies(" 10.0.0.0/8, ::1 ,::ffff:127.0.0.1/32")).toEqual({
      kind: "cidrs",
      cidrs: [
        { address: "10.0.0.0", prefix: 8, family: "ipv4" },
        { address: "::1", prefix: 128, family: "ipv6" },
        { address: "127.0.0.1", prefix: 32, family: "ipv4" },
      ],
    });
  });

  it("refuses garbage, naming the variable", () => {
    for (const bad of ["yes", "10.0.0.0/33", "10.0.0/8", "fe80::/129", "1.2.3.4/8/9", "-1", "99", "127.0.0.1/x", ","]) {
      expect(() => parseEnv({ BEACONPORT_TRUSTED_PROXIES: bad }), bad).toThrow(/BEACONPORT_TRUSTED_PROXIES/);
    }
  });
});

describe("selectClientIp", () => {
  it("without trusted proxies, is the socket's peer whatever X-Forwarded-For says", () => {
    expect(selectClientIp("198.51.100.7", "1.2.3.4", trusted(""))).toBe("198.51.100.7");
    expect(selectClientIp("::ffff:127.0.0.1", "1.2.3.4, 5.6.7.8", trusted(""))).toBe("127.0.0.1");
    expect(selectClientIp("2001:DB8::1", null, trusted(""))).toBe("2001:db8::1");
    expect(selectClientIp(null, "1.2.3.4", trusted(""))).toBeNull();
    expect(selectClientIp("not-an-ip", "1.2.3.4", trusted("1"))).toBeNull();
  });

  it("with a hop count, takes that many entries from the right", () => {
    // nginx overwrote the header with the client's address.
    expect(selectClientIp("127.0.0.1", "203.0.113.9", trusted("1"))).toBe("203.0.113.9");
    // A client-sent value before the proxy's own entry is not believed.
    expect(selectClientIp("127.0.0.1", "6.6.6.6, 203.0.113.9", trusted("1"))).toBe("203.0.113.9");
    expect(selectClientIp("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.1", trusted("2"))).toBe("203.0.113.9");
    // Fewer entries than hops: the leftmost one there is.
    expect(selectClientIp("127.0.0.1", "203.0.113.9", trusted("3"))).toBe("203.0.113.9");
    // No header: the peer.
    expect(selectClientIp("127.0.0.1", null, trusted("1"))).toBe("127.0.0.1");
  });

  it("with CIDRs, walks left over trusted addresses only", () => {
    const t = trusted("127.0.0.1/32, 10.0.0.0/8, ::1, fd00::/8");
    expect(selectClientIp("127.0.0.1", "203.0.113.9", t)).toBe("203.0.113.9");
    expect(selectClientIp("::1", "6.6.6.6, 203.0.113.9, 10.1.2.3", t)).toBe("203.0.113.9");
    expect(selectClientIp("::ffff:10.0.0.5", "[2001:db8::5]", t)).toBe("2001:db8::5");
    expect(selectClientIp("fd12::1", "::ffff:198.51.100.3", t)).toBe("198.51.100.3");
    // An untrusted peer's header is ignored entirely.
    expect(selectClientIp("198.51.100.1", "1.2.3.4", t)).toBe("198.51.100.1");
    // Garbage stops the walk at the last trusted hop.
    expect(selectClientIp("127.0.0.1", "1.2.3.4, unknown", t)).toBe("127.0.0.1");
    expect(selectClientIp("127.0.0.1", "<script>", t)).toBe("127.0.0.1");
    // Everything trusted: the leftmost.
    expect(selectClientIp("127.0.0.1", "10.0.0.9, 10.0.0.8", t)).toBe("10.0.0.9");
  });

  it("normalizes addresses", () => {
    expect(normalizeIp("::FFFF:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeIp("[::1]")).toBe("::1");
    expect(normalizeIp("192.0.2.1:443")).toBeNull();
    expect(normalizeIp("")).toBeNull();
  });
});

describe("clientIpFrom", () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[PEER_HEADER_MARK];
    delete process.env.BEACONPORT_TRUSTED_PROXIES;
    resetEnvCache();
  });

  it("believes the peer header only in a process our server marked, and X-Forwarded-For only from trusted proxies", () => {
    const headers = new Headers({ "x-beaconport-peer": "::ffff:192.0.2.10", "x-forwarded-for": "6.6.6.6" });
    expect(clientIpFrom(headers)).toBeNull();
    (globalThis as Record<symbol, unknown>)[PEER_HEADER_MARK] = true;
    expect(clientIpFrom(headers)).toBe("192.0.2.10");
    process.env.BEACONPORT_TRUSTED_PROXIES = "192.0.2.0/24";
    resetEnvCache();
    expect(clientIpFrom(headers)).toBe("6.6.6.6");
  });
});
