/**
 * Signature Version 4 verification (header-signed requests, as the AWS SDK v3 sends them).
 * We recompute the signature from the request as received and compare in constant time;
 * the secret never leaves this module's arguments.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface ParsedAuthorization {
  accessKeyId: string;
  /** yyyymmdd from the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  if (!header) return null;
  const m = AUTH_RE.exec(header.trim());
  if (!m) return null;
  const [, accessKeyId, scopeDate, region, service, signedHeaders, signature] = m as unknown as [
    string, string, string, string, string, string, string,
  ];
  return { accessKeyId, scopeDate, region, service, signedHeaders: signedHeaders.split(";"), signature };
}

/** `20240102T030405Z` → epoch ms, or NaN. */
export function parseAmzDate(value: string | undefined): number {
  if (!value) return NaN;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** RFC 3986 encoding as SigV4 wants it (unreserved characters stay, everything else %XX). */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, "%20"));
  } catch {
    return value;
  }
}

function canonicalPath(rawPath: string): string {
  // Non-S3 services: normalize dot segments and escape each segment once more, like the SDK does.
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const trailing = rawPath.endsWith("/") && segments.length > 0 ? "/" : "";
  return `/${segments.map((s) => escapeUri(s)).join("/")}${trailing}`.replace(/^\/+/, "/") || "/";
}

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return "";
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? "" : part.slice(eq + 1);
    if (safeDecode(key).toLowerCase() === "x-amz-signature") continue;
    pairs.push([escapeUri(safeDecode(key)), escapeUri(safeDecode(value))]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

export interface VerifyInput {
  method: string;
  /** Raw request target path (before `?`). */
  path: string;
  /** Raw query string without `?`. */
  query: string;
  /** Node's incoming headers (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  auth: ParsedAuthorization;
  /** The `X-Amz-Date` value that was signed. */
  amzDate: string;
  secretAccessKey: string;
}

export function computeSignature(input: VerifyInput): string {
  const { auth } = input;
  const canonicalHeaders = auth.signedHeaders
    .map((name) => {
      const raw = input.headers[name];
      const value = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
      return `${name}:${value.trim().replace(/\s+/g, " ")}\n`;
    })
    .join("");
  // Always the hash of the bytes received: trusting X-Amz-Content-Sha256 would let a body be swapped.
  const payloadHash = sha256Hex(input.body);
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalPath(input.path),
    canonicalQuery(input.query),
    canonicalHeaders,
    auth.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${auth.scopeDate}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", input.amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const kDate = hmac(`AWS4${input.secretAccessKey}`, auth.scopeDate);
  const kRegion = hmac(kDate, auth.region);
  const kService = hmac(kRegion, auth.service);
  const kSigning = hmac(kService, "aws4_request");
  return createHmac("sha256", kSigning).update(stringToSign, "utf8").digest("hex");
}

export function verifySignature(input: VerifyInput): boolean {
  const expected = Buffer.from(computeSignature(input), "hex");
  const given = Buffer.from(input.auth.signature, "hex");
  return expected.length === given.length && timingSafeEqual(expected, given);
}
