import "server-only";
/**
 * The one way the server sends a request to an address a user chose (webhooks today). Guards against
 * server-side request forgery:
 *
 * - the host is resolved once, every address it resolves to is classified (lib/net/address-class.ts),
 *   and the request is refused unless all of them are public (or the host is on the operator's allow
 *   list, which opens private and loopback addresses but never metadata/link-local);
 * - the socket connects to the address that was checked (a pinned `lookup`), so a second DNS answer
 *   cannot send it elsewhere (DNS rebinding); `Host` and TLS SNI still name the host;
 * - redirects are never followed; the response body is never read, except by `getJson`, which reads a
 *   size-bounded JSON body from a host the operator configured (the OpenID provider's discovery and keys).
 *
 * Nothing else in the portal may call `fetch()`/`http.request()` (lib/net/one-door.test.ts).
 */
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { env } from "@/lib/env";
import { classAllowed, classifyAddress, classifyHostLiteral, normalizeHostForAllowList, parseHost, type AddressClass, type OutboundPurpose } from "./address-class";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** DNS, injectable so tests can play a rebinding resolver. Default: the system resolver (getaddrinfo), every address. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

export type Vetted = { ok: true; address: ResolvedAddress } | { ok: false; reason: "not-allowed"; addressClass: AddressClass } | { ok: false; reason: "dns"; code: string };

export interface VetOptions {
  purpose: OutboundPurpose;
  /** Hosts the operator opened (BEACONPORT_WEBHOOK_ALLOWED_HOSTS); default from the configuration for webhooks. */
  allowedHosts?: readonly string[];
  resolve?: Resolver;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "ERROR";
}

/** Resolves `hostname` once and decides whether it may be contacted; on success, the one address to connect to. */
export async function vetHost(hostname: string, options: VetOptions): Promise<Vetted> {
  const allowed = options.allowedHosts ?? (options.purpose === "webhook" ? env().notify.allowedHosts : []);
  const operatorAllowed = allowed.includes(normalizeHostForAllowList(hostname));
  const literal = classifyHostLiteral(hostname);
  if (literal !== null && !classAllowed(literal, options.purpose, operatorAllowed)) return { ok: false, reason: "not-allowed", addressClass: literal };
  const parsed = parseHost(hostname);
  if (parsed.kind !== "name") return { ok: true, address: { address: parsed.address, family: parsed.kind === "ipv6" ? 6 : 4 } };
  let addresses: ResolvedAddress[];
  try {
    addresses = await (options.resolve ?? systemResolver)(parsed.name);
  } catch (error) {
    return { ok: false, reason: "dns", code: errorCode(error) };
  }
  if (addresses.length === 0) return { ok: false, reason: "dns", code: "ENOTFOUND" };
  // Every answer must pass: a name with one public and one internal record would otherwise be a coin toss.
  for (const a of addresses) {
    const cls = classifyAddress(a.address) ?? "reserved";
    if (!classAllowed(cls, options.purpose, operatorAllowed)) return { ok: false, reason: "not-allowed", addressClass: cls };
  }
  return { ok: true, address: addresses[0]! };
}

/** A `net.connect` lookup that answers only the vetted address, whatever name it is asked for. */
export function pinnedLookup(vetted: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: vetted.address, family: vetted.family }]);
    else callback(null, vetted.address, vetted.family);
  }) as unknown as LookupFunction;
}

export type OutboundOutcome =
  | { kind: "response"; status: number }
  | { kind: "not-allowed"; addressClass: AddressClass }
  /** `code`: for the server log only (ECONNREFUSED, ENOTFOUND, TIMEOUT, a TLS code, ...). */
  | { kind: "unreachable"; code: string };

export interface SafeRequestOptions extends VetOptions {
  method: "POST" | "GET";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** Sends one request through the guard. Never throws for network reasons; never follows a redirect; never reads the body. */
export async function safeRequest(target: string | URL, options: SafeRequestOptions): Promise<OutboundOutcome> {
  return exchange<OutboundOutcome>(target, options, (res, finish) => {
    res.resume();
    finish({ kind: "response", status: res.statusCode ?? 0 });
  });
}

export type JsonOutcome =
  | { kind: "json"; value: unknown }
  /** Any answer but 2xx, redirects included (never followed); its body is not read. */
  | { kind: "status"; status: number }
  | { kind: "not-allowed"; addressClass: AddressClass }
  /** TOO_LARGE: the body exceeded `maxBytes` (reading stopped there); NOT_JSON: it did not parse. */
  | { kind: "invalid"; code: "TOO_LARGE" | "NOT_JSON" }
  /** `code`: for the server log only (ECONNREFUSED, ENOTFOUND, TIMEOUT, a TLS code, ...). */
  | { kind: "unreachable"; code: string };

export interface GetJsonOptions {
  /** Only hosts the operator configured may be read (their answers feed security decisions): an OpenID provider. */
  purpose: "identity-provider";
  /** Bounds the whole exchange, body included: a server that trickles its answer is cut off. */
  timeoutMs: number;
  /** Default 256 KiB: discovery documents and key sets are a few KiB. */
  maxBytes?: number;
  resolve?: Resolver;
}

/**
 * GETs a JSON document through the guard: the same address rules and DNS pinning as `safeRequest`, no
 * redirect followed, the body read up to `maxBytes` within `timeoutMs`. Never throws for network reasons.
 */
export async function getJson(target: string | URL, options: GetJsonOptions): Promise<JsonOutcome> {
  const maxBytes = options.maxBytes ?? 256 * 1024;
  return exchange<JsonOutcome>(target, { ...options, method: "GET", headers: { accept: "application/json" }, allowedHosts: [] }, (res, finish) => {
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) return finish({ kind: "status", status });
    if (Number(res.headers["content-length"]) > maxBytes) return finish({ kind: "invalid", code: "TOO_LARGE" });
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return finish({ kind: "invalid", code: "TOO_LARGE" });
      chunks.push(chunk);
    });
    res.on("end", () => {
      try {
        finish({ kind: "json", value: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown });
      } catch {
        finish({ kind: "invalid", code: "NOT_JSON" });
      }
    });
    res.on("error", (error) => finish({ kind: "unreachable", code: errorCode(error) }));
    // Cut off before the end: ignored when "end" came first.
    res.on("close", () => finish({ kind: "unreachable", code: "ECONNRESET" }));
  });
}

type NetworkOutcome = Extract<OutboundOutcome, { kind: "not-allowed" | "unreachable" }>;

/**
 * One request to a vetted address; `onResponse` decides the outcome from the response (calling `finish`
 * once; later calls are ignored). `timeoutMs` bounds everything from connecting to `finish`.
 */
async function exchange<T extends { kind: string }>(target: string | URL, options: SafeRequestOptions, onResponse: (res: http.IncomingMessage, finish: (outcome: T) => void) => void): Promise<T | NetworkOutcome> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { kind: "unreachable", code: "INVALID_URL" };
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password) return { kind: "unreachable", code: "INVALID_URL" };
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const vetted = await vetHost(hostname, options);
  if (!vetted.ok) return vetted.reason === "dns" ? { kind: "unreachable", code: vetted.code } : { kind: "not-allowed", addressClass: vetted.addressClass };
  const isTls = url.protocol === "https:";
  const literal = parseHost(hostname).kind !== "name";
  return new Promise<T | NetworkOutcome>((resolve) => {
    let settled = false;
    const done = (outcome: T | NetworkOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const requestOptions: https.RequestOptions = {
      method: options.method,
      host: literal ? vetted.address.address : hostname,
      port: url.port || (isTls ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers: { ...options.headers, host: url.host, ...(options.body !== undefined ? { "content-length": String(Buffer.byteLength(options.body)) } : {}) },
      lookup: pinnedLookup(vetted.address),
      // A fresh connection per request: a pooled socket could belong to an earlier answer for the same name.
      agent: false,
      ...(isTls && !literal ? { servername: hostname } : {}),
    };
    let req: http.ClientRequest;
    try {
      req = (isTls ? https : http).request(requestOptions, (res) => onResponse(res, done));
    } catch (error) {
      resolve({ kind: "unreachable", code: errorCode(error) });
      return;
    }
    const timer = setTimeout(() => done({ kind: "unreachable", code: "TIMEOUT" }), options.timeoutMs);
    req.on("error", (error) => done({ kind: "unreachable", code: errorCode(error) }));
    req.end(options.body);
  });
}

/**
 * A `net.connect` lookup for connections whose host is configured rather than aimed per request (the
 * corporate proxy): resolves, refuses the addresses `purpose` may not reach, and connects to the first
 * checked one. Errors carry `code: "EADDRNOTALLOWED"`.
 */
export function guardedLookup(purpose: OutboundPurpose, resolve: Resolver = systemResolver): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    vetHost(hostname, { purpose, allowedHosts: [], resolve }).then(
      (vetted) => {
        if (vetted.ok) return pinnedLookup(vetted.address)(hostname, options as never, callback as never);
        const error = Object.assign(new Error(vetted.reason === "dns" ? `getaddrinfo ${vetted.code}` : `address not allowed (${vetted.addressClass})`), { code: vetted.reason === "dns" ? vetted.code : "EADDRNOTALLOWED" });
        callback(error);
      },
      (error: unknown) => callback(error),
    );
  }) as unknown as LookupFunction;
}
