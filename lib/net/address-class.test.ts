import { describe, expect, it } from "vitest";
import { classAllowed, classifyHostLiteral, parseHost, type AddressClass } from "./address-class";

/** What a hostile user types as a URL host, and what it really is. `new URL()` runs first, as in the app. */
const HOSTS: [string, AddressClass | null][] = [
  // Loopback, every spelling.
  ["127.0.0.1", "loopback"],
  ["127.1", "loopback"],
  ["2130706433", "loopback"],
  ["0x7f000001", "loopback"],
  ["0x7f.1", "loopback"],
  ["0x7F.0.0.1", "loopback"],
  ["017700000001", "loopback"],
  ["0177.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["[::1]", "loopback"],
  ["[0:0:0:0:0:0:0:1]", "loopback"],
  ["[::ffff:127.0.0.1]", "loopback"],
  ["[::ffff:7f00:1]", "loopback"],
  ["[::127.0.0.1]", "loopback"],
  ["[64:ff9b::127.0.0.1]", "loopback"],
  ["[2002:7f00:1::]", "loopback"],
  ["localhost", "loopback"],
  ["localhost.", "loopback"],
  ["LOCALHOST", "loopback"],
  ["app.localhost", "loopback"],
  // The metadata service and link-local.
  ["169.254.169.254", "metadata"],
  ["0xa9fea9fe", "metadata"],
  ["2852039166", "metadata"],
  ["0251.0376.0251.0376", "metadata"],
  ["[::ffff:169.254.169.254]", "metadata"],
  ["[::ffff:a9fe:a9fe]", "metadata"],
  ["[fd00:ec2::254]", "metadata"],
  ["169.254.170.2", "metadata"],
  ["metadata.google.internal", "metadata"],
  ["169.254.1.1", "link-local"],
  ["[fe80::1]", "link-local"],
  ["[febf::1]", "link-local"],
  // Unspecified.
  ["0.0.0.0", "unspecified"],
  ["0", "unspecified"],
  ["[::]", "unspecified"],
  ["[::ffff:0.0.0.0]", "unspecified"],
  // Private ranges, and their mapped forms.
  ["10.0.0.1", "private"],
  ["10.255.255.255", "private"],
  ["012.1", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.1.1", "private"],
  ["100.64.0.1", "private"],
  ["100.127.255.255", "private"],
  ["[fc00::1]", "private"],
  ["[fd12:3456::1]", "private"],
  ["[::ffff:10.0.0.1]", "private"],
  ["[::ffff:192.168.0.1]", "private"],
  ["[::ffff:ac10:1]", "private"],
  ["[::ffff:100.64.0.1]", "private"],
  // Nothing legitimate listens there.
  ["255.255.255.255", "reserved"],
  ["224.0.0.1", "reserved"],
  ["0.1.2.3", "reserved"],
  ["[ff02::1]", "reserved"],
  // Public: the neighbours of every range, and names (resolved later).
  ["172.15.255.255", "public"],
  ["172.32.0.0", "public"],
  ["100.63.255.255", "public"],
  ["100.128.0.0", "public"],
  ["169.253.255.255", "public"],
  ["11.0.0.1", "public"],
  ["93.184.215.14", "public"],
  ["[2606:4700::1111]", "public"],
  ["[::ffff:8.8.8.8]", "public"],
  ["hooks.example.com", null],
  ["127.0.0.1.nip.io", null],
];

describe("classifying a URL host", () => {
  it.each(HOSTS)("%s → %s", (host, expected) => {
    const viaUrl = new URL(`http://${host}/x`).hostname;
    expect(classifyHostLiteral(viaUrl)).toBe(expected);
    // The same answer without the URL parser's normalization (the proxy field, the allow list).
    expect(classifyHostLiteral(host)).toBe(expected);
  });

  it("parses IPv4 like inet_aton and refuses what is not an address", () => {
    expect(parseHost("0x7f.1")).toEqual({ kind: "ipv4", address: "127.0.0.1" });
    expect(parseHost("1.2.3.256")).toEqual({ kind: "name", name: "1.2.3.256" });
    expect(parseHost("4294967296")).toEqual({ kind: "name", name: "4294967296" });
    expect(parseHost("[::ffff:127.0.0.1]")).toEqual({ kind: "ipv6", address: "0:0:0:0:0:ffff:7f00:1" });
    expect(parseHost("fe80::1%eth0")).toEqual({ kind: "ipv6", address: "fe80:0:0:0:0:0:0:1" });
  });
});

describe("who may reach what", () => {
  it("lets webhooks reach public addresses only, unless the operator opened the host for private and loopback ones", () => {
    expect(classAllowed("public", "webhook")).toBe(true);
    for (const cls of ["loopback", "private", "metadata", "link-local", "unspecified", "reserved"] as const) expect(classAllowed(cls, "webhook")).toBe(false);
    expect(classAllowed("private", "webhook", true)).toBe(true);
    expect(classAllowed("loopback", "webhook", true)).toBe(true);
    for (const cls of ["metadata", "link-local", "unspecified", "reserved"] as const) expect(classAllowed(cls, "webhook", true)).toBe(false);
  });

  it("lets the corporate proxy live on private and loopback addresses, never on link-local or metadata ones", () => {
    for (const cls of ["public", "private", "loopback"] as const) expect(classAllowed(cls, "proxy")).toBe(true);
    for (const cls of ["metadata", "link-local", "unspecified", "reserved"] as const) expect(classAllowed(cls, "proxy")).toBe(false);
  });
});
