/**
 * Which kind of network an address or host name points at, for the outbound-request guard
 * (lib/net/safe-request.ts) and the proxy checks. Pure: no DNS, no `server-only`, so forms can use it.
 *
 * Parsing is our own and strict on purpose: the legacy inet_aton forms (`2130706433`, `0x7f.1`,
 * `017700000001`) and every IPv6 spelling that embeds an IPv4 address (`::ffff:127.0.0.1`,
 * `::ffff:7f00:1`, `64:ff9b::7f00:1`, `2002:7f00:1::`) are reduced to the address a socket would
 * really reach before they are classified.
 */

export type AddressClass =
  /** Routable on the internet: the only class a webhook may reach without the operator's allow list. */
  | "public"
  | "loopback"
  /** The EC2/ECS instance metadata service (IMDS): never reachable, whatever the configuration. */
  | "metadata"
  | "link-local"
  | "unspecified"
  /** RFC 1918, unique-local IPv6 (fc00::/7) and carrier-grade NAT (100.64.0.0/10). */
  | "private"
  /** Multicast, broadcast, 0.0.0.0/8, 240.0.0.0/4 and other addresses nothing legitimate listens on. */
  | "reserved";

export type HostKind = { kind: "ipv4"; address: string } | { kind: "ipv6"; address: string } | { kind: "name"; name: string };

/** The words shown to users for each class (never the address itself). */
export const ADDRESS_CLASS_WORDS: Record<AddressClass, string> = {
  public: "public address",
  loopback: "loopback address",
  metadata: "cloud metadata address",
  "link-local": "link-local address",
  unspecified: "unspecified address",
  private: "private address",
  reserved: "reserved address",
};

/** One inet_aton part: decimal, octal (leading 0) or hex (0x); null when it is none of them. */
function parseIpv4Part(part: string): number | null {
  if (part === "") return null;
  if (/^0[xX][0-9a-fA-F]*$/.test(part)) return part.length === 2 ? 0 : parseInt(part.slice(2), 16);
  if (/^0[0-7]*$/.test(part)) return parseInt(part, 8);
  if (/^[1-9][0-9]*$/.test(part)) return parseInt(part, 10);
  return null;
}

/** An IPv4 address in any form inet_aton accepts (1 to 4 parts, each decimal, octal or hex) as a 32-bit number. */
export function parseIpv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length > 4 || parts.some((p) => p.length > 34)) return null;
  const nums = parts.map(parseIpv4Part);
  if (nums.some((n) => n === null)) return null;
  const values = nums as number[];
  const last = values.pop()!;
  if (values.some((v) => v > 255) || last >= 2 ** (8 * (4 - values.length))) return null;
  let value = 0;
  for (const v of values) value = value * 256 + v;
  return value * 2 ** (8 * (4 - values.length)) + last;
}

function ipv4ToString(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** An IPv6 address (zone id allowed and ignored) as 8 16-bit groups; null when it is not one. */
export function parseIpv6(text: string): number[] | null {
  let s = text.replace(/%.*$/, "");
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length > 45) return null;
  let tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const parts = dotted[2]!.split(".").map(Number);
    if (parts.some((p) => p > 255)) return null;
    tail = [parts[0]! * 256 + parts[1]!, parts[2]! * 256 + parts[3]!];
    s = dotted[1]!.endsWith("::") ? dotted[1]! : dotted[1]!.slice(0, -1);
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  const zeros = new Array<number>(8 - known).fill(0);
  return [...head.map((g) => parseInt(g, 16)), ...(halves.length === 2 ? zeros : []), ...rest.map((g) => parseInt(g, 16)), ...tail];
}

/** A URL host or a bare host: `[::1]`, `::1`, `127.1`, `hooks.example.com.` → what it is. */
export function parseHost(host: string): HostKind {
  const h = host.trim().replace(/^\[(.*)\]$/, "$1");
  if (h.includes(":")) {
    const v6 = parseIpv6(h);
    if (v6) return { kind: "ipv6", address: v6.map((g) => g.toString(16)).join(":") };
  }
  // A trailing dot is the same host (absolute DNS name); inet_aton-style numbers are addresses, not names.
  const name = h.toLowerCase().replace(/\.$/, "");
  const v4 = /^[0-9a-fx.]+$/.test(name) ? parseIpv4(name) : null;
  if (v4 !== null) return { kind: "ipv4", address: ipv4ToString(v4) };
  return { kind: "name", name };
}

function inV4(n: number, base: string, bits: number): boolean {
  const b = parseIpv4(base)!;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((n & mask) >>> 0) === ((b & mask) >>> 0);
}

function classifyIpv4(n: number): AddressClass {
  if (n === parseIpv4("169.254.169.254") || n === parseIpv4("169.254.170.2") || n === parseIpv4("169.254.170.23")) return "metadata";
  if (n === 0) return "unspecified";
  if (inV4(n, "127.0.0.0", 8)) return "loopback";
  if (inV4(n, "169.254.0.0", 16)) return "link-local";
  if (inV4(n, "10.0.0.0", 8) || inV4(n, "172.16.0.0", 12) || inV4(n, "192.168.0.0", 16) || inV4(n, "100.64.0.0", 10)) return "private";
  // "This network" (0/8, which Linux routes to the host itself), IETF protocol assignments, benchmarking,
  // multicast, 240/4 and broadcast.
  if (inV4(n, "0.0.0.0", 8) || inV4(n, "192.0.0.0", 24) || inV4(n, "198.18.0.0", 15) || inV4(n, "224.0.0.0", 4) || inV4(n, "240.0.0.0", 4)) return "reserved";
  return "public";
}

function classifyIpv6(g: number[]): AddressClass {
  const v4 = (hi: number, lo: number) => classifyIpv4(hi * 65536 + lo);
  const zeroUntil = (i: number) => g.slice(0, i).every((x) => x === 0);
  // The AWS Nitro IMDS over IPv6.
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return "metadata";
  if (zeroUntil(8)) return "unspecified";
  if (zeroUntil(7) && g[7] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d) and IPv4-compatible (::a.b.c.d): the IPv4 address decides.
  if (zeroUntil(5) && g[5] === 0xffff) return v4(g[6]!, g[7]!);
  if (zeroUntil(4) && g[4] === 0xffff && g[5] === 0) return v4(g[6]!, g[7]!);
  if (zeroUntil(6)) return v4(g[6]!, g[7]!);
  // NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48) and 6to4 (2002::/16) carry an IPv4 address a gateway will reach.
  if (g[0] === 0x64 && g[1] === 0xff9b && (g.slice(2, 6).every((x) => x === 0) || g[2] === 1)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  if ((g[0]! & 0xffc0) === 0xfe80) return "link-local";
  if ((g[0]! & 0xfe00) === 0xfc00) return "private";
  // Site-local (deprecated, still routed internally by some networks) and multicast.
  if ((g[0]! & 0xffc0) === 0xfec0) return "private";
  if ((g[0]! & 0xff00) === 0xff00) return "reserved";
  return "public";
}

/** The class of an IP address (either family, any spelling); null when `address` is not an IP address. */
export function classifyAddress(address: string): AddressClass | null {
  const host = parseHost(address);
  if (host.kind === "ipv4") return classifyIpv4(parseIpv4(host.address)!);
  if (host.kind === "ipv6") return classifyIpv6(parseIpv6(host.address)!);
  return null;
}

/**
 * The class of a host without asking DNS: IP literals by their address, `localhost` and `*.localhost`
 * as loopback (RFC 6761: resolvers answer them locally), well-known metadata names as metadata; null
 * for any other name (it must be resolved, and every address it resolves to checked).
 */
export function classifyHostLiteral(host: string): AddressClass | null {
  const parsed = parseHost(host);
  if (parsed.kind !== "name") return classifyAddress(parsed.address);
  const name = parsed.name;
  if (name === "localhost" || name.endsWith(".localhost") || name === "localhost.localdomain" || name === "ip6-localhost" || name === "ip6-loopback") return "loopback";
  if (name === "metadata.google.internal" || name === "metadata" || name === "instance-data" || name.startsWith("instance-data.")) return "metadata";
  return null;
}

/**
 * Who may be reached: webhooks and other user-aimed requests only public addresses; hosts the operator
 * configured (the corporate proxy, the OpenID provider and the addresses its discovery document names)
 * also private and loopback ones, as an identity provider inside the company network is common.
 */
export type OutboundPurpose = "webhook" | "proxy" | "identity-provider";

/**
 * Whether a destination of this class may be contacted. `operatorAllowed`: the host is on the operator's
 * allow list (BEACONPORT_WEBHOOK_ALLOWED_HOSTS), which opens private and loopback addresses but never
 * the metadata service, link-local, unspecified or reserved ones.
 */
export function classAllowed(cls: AddressClass, purpose: OutboundPurpose, operatorAllowed = false): boolean {
  if (cls === "public") return true;
  if (cls === "private" || cls === "loopback") return purpose === "proxy" || purpose === "identity-provider" || operatorAllowed;
  return false;
}

/** A host name as the allow list compares it: lower case, no brackets, no trailing dot, IP literals normalized. */
export function normalizeHostForAllowList(host: string): string {
  const parsed = parseHost(host);
  return parsed.kind === "name" ? parsed.name : parsed.address;
}
