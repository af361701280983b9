import net from "node:net";
import { env, type TrustedProxies } from "@/lib/env";

/**
 * The client address for rate limits and the audit trail, which the client cannot choose.
 *
 * Our HTTP server (scripts/server.mjs) deletes any incoming `x-beaconport-peer` header and sets it to the
 * socket's peer address, and marks the process (PEER_HEADER_MARK) so that a peer header in a process
 * started any other way (`next dev`, a bare `next start`) is ignored. X-Forwarded-For is believed only
 * as far as BEACONPORT_TRUSTED_PROXIES allows: by default not at all, and the client is the peer.
 */
export const PEER_HEADER = "x-beaconport-peer";
export const PEER_HEADER_MARK = Symbol.for("beaconport.peer-header");

/** An IP address in canonical form (IPv4-mapped IPv6 as plain IPv4), or null when it is none. */
export function normalizeIp(value: string | undefined | null): string | null {
  let v = value?.trim() ?? "";
  if (v.startsWith("[") && v.endsWith("]")) v = v.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(v);
  if (mapped) v = mapped[1]!;
  const version = net.isIP(v);
  if (version === 0) return null;
  return version === 6 ? v.toLowerCase() : v;
}

function blockListOf(trusted: Extract<TrustedProxies, { kind: "cidrs" }>): net.BlockList {
  const list = new net.BlockList();
  for (const c of trusted.cidrs) list.addSubnet(c.address, c.prefix, c.family);
  return list;
}

/**
 * Picks the client from the peer and the X-Forwarded-For chain ("client, proxy1, proxy2", each proxy
 * appending the address it received from), walking from the peer leftwards over trusted proxies only.
 * An entry that is not an IP address stops the walk at the last trusted hop seen.
 */
export function selectClientIp(peer: string | null, forwardedFor: string | null, trusted: TrustedProxies): string | null {
  const peerIp = normalizeIp(peer);
  if (!peerIp || trusted.kind === "none") return peerIp;
  const chain = (forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  // One walk for both kinds: the next hop to the left is believed while the current one is trusted.
  const list = trusted.kind === "cidrs" ? blockListOf(trusted) : null;
  const trusts = (ip: string, hop: number) => (list ? list.check(ip, net.isIPv4(ip) ? "ipv4" : "ipv6") : trusted.kind === "hops" && hop < trusted.hops);
  let client = peerIp;
  for (let hop = 0; trusts(client, hop); hop++) {
    const next = chain.pop();
    if (next === undefined) break;
    const ip = normalizeIp(next);
    if (!ip) break;
    client = ip;
  }
  return client;
}

/** The client address of a request served by scripts/server.mjs; null when the peer is unknown. */
export function clientIpFrom(headers: Headers): string | null {
  const marked = (globalThis as Record<symbol, unknown>)[PEER_HEADER_MARK] === true;
  const peer = marked ? headers.get(PEER_HEADER) : null;
  return selectClientIp(peer, headers.get("x-forwarded-for"), env().trustedProxies);
}
