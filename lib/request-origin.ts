/**
 * What a request says about where the browser thinks it is, checked against the one public origin the
 * operator configured (BEACONPORT_URL, lib/env.ts). Pure functions over headers, so proxy.ts, route
 * handlers and server actions apply the same rules. Not `server-only`: proxy.ts imports it.
 */

/** Names that only ever reach this process from this machine: a DNS-rebinding page cannot send them as Host. */
function isLoopbackName(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** `host[:port]` from a Host or X-Forwarded-Host value, lower-cased; null when it is not one. */
export function parseHostHeader(value: string | null | undefined): { hostname: string; port: string } | null {
  const first = value?.split(",")[0]?.trim();
  if (!first || first.length > 300 || /[\s/\\?#@]/.test(first)) return null;
  try {
    const url = new URL(`http://${first}`);
    return { hostname: url.hostname.toLowerCase(), port: url.port };
  } catch {
    return null;
  }
}

function defaultPort(origin: URL): string {
  return origin.port || (origin.protocol === "https:" ? "443" : "80");
}

/**
 * Whether a Host (or X-Forwarded-Host) names this portal: a loopback name (any port: the quick start,
 * health probes on the box), or the public origin's host name — with its port, or with none (a proxy's
 * `proxy_set_header Host $host` drops it).
 */
export function isAllowedHost(value: string | null | undefined, publicOrigin: URL | undefined): boolean {
  const host = parseHostHeader(value);
  if (!host) return false;
  if (isLoopbackName(host.hostname)) return true;
  if (!publicOrigin) return false;
  return host.hostname === publicOrigin.hostname.toLowerCase() && (host.port === "" || host.port === defaultPort(publicOrigin));
}

export type HostVerdict = { ok: true } | { ok: false; header: "host" | "x-forwarded-host"; value: string };

/** Every host a request names must be ours (DNS rebinding: a hostile name resolving to this server). */
export function checkRequestHost(headers: Headers, publicOrigin: URL | undefined): HostVerdict {
  for (const header of ["host", "x-forwarded-host"] as const) {
    const value = headers.get(header);
    if (value === null && header === "x-forwarded-host") continue;
    if (!isAllowedHost(value, publicOrigin)) return { ok: false, header, value: (value ?? "").slice(0, 100) };
  }
  return { ok: true };
}

/**
 * True when cookies must be `Secure`: the public origin is https, or the proxy says the browser used
 * https. The public origin decides on its own, so a proxy that forgets X-Forwarded-Proto does not
 * silently downgrade the session cookie.
 */
export function isSecureRequest(headers: Headers, publicOrigin: URL | undefined): boolean {
  if (publicOrigin?.protocol === "https:") return true;
  return headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/**
 * A misconfigured proxy: the public origin is https, but the request did not arrive with
 * `X-Forwarded-Proto: https`. (Loopback requests, e.g. health probes on the box, are not counted.)
 */
export function missesForwardedProto(headers: Headers, publicOrigin: URL | undefined): boolean {
  if (publicOrigin?.protocol !== "https:") return false;
  const host = parseHostHeader(headers.get("host"));
  if (host && isLoopbackName(host.hostname)) return false;
  return headers.get("x-forwarded-proto")?.split(",")[0]?.trim() !== "https";
}

// Process-wide (proxy.ts and the route bundles are separate module instances in one process).
const DEPLOYMENT_NOTES = Symbol.for("beaconport.deploymentNotes");
type Notes = { forwardedProtoMissingSince: string | null };

function notes(): Notes {
  const g = globalThis as unknown as Record<symbol, Notes | undefined>;
  return (g[DEPLOYMENT_NOTES] ??= { forwardedProtoMissingSince: null });
}

/** Records a request without `X-Forwarded-Proto: https`; true the first time (the caller logs it once). */
export function noteMissingForwardedProto(now = new Date()): boolean {
  const n = notes();
  if (n.forwardedProtoMissingSince) return false;
  n.forwardedProtoMissingSince = now.toISOString();
  return true;
}

/** Configuration problems seen at run time, for the health endpoint. */
export function deploymentWarnings(): string[] {
  const since = notes().forwardedProtoMissingSince;
  return since
    ? [`BEACONPORT_URL is https, but requests arrive without "X-Forwarded-Proto: https" (first seen ${since}): set it in the reverse proxy (proxy_set_header X-Forwarded-Proto $scheme).`]
    : [];
}

/**
 * The URL of a request as the browser addressed it, for next-auth's endpoints when BEACONPORT_URL is unset
 * (with it, AUTH_URL decides). Next hands route handlers `localhost` where the browser wrote 127.0.0.1 (NextURL rewrites it), while a
 * server action's `signIn()` builds its URLs from the Host header (say `127.0.0.1`): single sign-on's
 * redirect_uri must be the same string in the authorization request and the token request, or the
 * provider refuses the code. Only loopback names qualify (the only ones allowed without BEACONPORT_URL);
 * anything else is returned unchanged.
 */
export function urlAsAddressed(url: string, headers: Headers, publicOrigin: URL | undefined): string {
  if (publicOrigin) return url;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (!host || !isAllowedHost(host, undefined)) return url;
  const proto = headers.get("x-forwarded-proto") === "https" ? "https" : "http";
  const parsed = new URL(url);
  return `${proto}://${host.split(",")[0]!.trim()}${parsed.pathname}${parsed.search}`;
}
