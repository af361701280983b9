import { describe, expect, it } from "vitest";
import { checkProxyServer, normalizeProxyServer } from "./normalize-proxy-server";

describe("normalizeProxyServer (procedure step 8.4)", () => {
  it.each([
    ["proxy.example.com", "http://proxy.example.com:80"],
    ["proxy.example.com:3128", "http://proxy.example.com:3128"],
    ["http://proxy.example.com", "http://proxy.example.com:80"],
    ["https://proxy.example.com", "https://proxy.example.com:443"],
    ["https://proxy.example.com:8443", "https://proxy.example.com:8443"],
    ["http://proxy.example.com:443", "http://proxy.example.com:443"],
    ["https://proxy.example.com:80", "https://proxy.example.com:80"],
    ["HTTPS://Proxy.Example.COM/", "https://proxy.example.com:443"],
    ["10.0.0.5:3128", "http://10.0.0.5:3128"],
    ["10.0.0.5", "http://10.0.0.5:80"],
    ["[2001:db8::1]:8080", "http://[2001:db8::1]:8080"],
    ["  proxy:8080  ", "http://proxy:8080"],
  ])("%j → %j", (input, expected) => {
    expect(normalizeProxyServer(input)).toBe(expected);
  });

  it.each([
    ["", /empty/],
    ["proxy example", /spaces/],
    ["socks5://proxy:1080", /scheme "socks5" is not supported/],
    ["ftp://proxy", /scheme "ftp" is not supported/],
    ["user:pass@proxy:3128", /user name or password/],
    ["http://proxy:3128/path", /without a path/],
    ["http://proxy:3128/?q=1", /without a path, query/],
    ["proxy:0", /between 1 and 65535/],
    ["proxy:70000", /between 1 and 65535/],
    ["http://", /not a valid address|no host/],
  ])("rejects %j", (input, message) => {
    const r = checkProxyServer(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
    expect(() => normalizeProxyServer(input)).toThrow(message);
  });

  it("never repeats a password typed into the address", () => {
    const r = checkProxyServer("http://svc:Planted-Secret-99@proxy:3128");
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain("Planted-Secret-99");
  });

  it("accepts proxies on private and loopback addresses, never on link-local, metadata or unspecified ones", () => {
    expect(checkProxyServer("10.0.0.5:3128")).toEqual({ ok: true, value: "http://10.0.0.5:3128" });
    expect(checkProxyServer("127.0.0.1:3128")).toEqual({ ok: true, value: "http://127.0.0.1:3128" });
    for (const [input, words] of [
      ["169.254.169.254", "cloud metadata"],
      ["http://2852039166:80", "cloud metadata"],
      ["[fd00:ec2::254]:3128", "cloud metadata"],
      ["[::ffff:169.254.169.254]:80", "cloud metadata"],
      ["169.254.10.1:3128", "link-local"],
      ["[fe80::1]:3128", "link-local"],
      ["0.0.0.0:3128", "unspecified"],
    ] as const) {
      const r = checkProxyServer(input);
      expect(r, input).toEqual({ ok: false, message: expect.stringContaining(`must not be a ${words} address`) });
    }
  });
});
