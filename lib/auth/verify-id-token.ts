import "server-only";
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import type { OidcConfig } from "@/lib/env";
import { getJson } from "@/lib/net/safe-request";

/**
 * Verifies the ID token's signature against the issuer's published keys (its JWKS), with issuer,
 * audience and expiry. next-auth (oauth4webapi) checks the claims, nonce included, but not the signature
 * of an ID token that came from the token endpoint (OIDC Core 3.1.3.7 lets TLS stand in for it); we
 * check it anyway, so a token the provider did not sign never signs anyone in, whatever the transport.
 *
 * Discovery and the key set come through lib/net's one door (getJson: the address rules for a host the
 * operator configured, no redirects, 256 KiB, a timeout that covers the body).
 */
const FETCH_TIMEOUT_MS = 10_000;
/** A key set is re-read after this long (providers rotate keys) ... */
const KEYS_MAX_AGE_MS = 10 * 60_000;
/** ... or when a token names a key it lacks, but not more often than this (a stream of bogus `kid`s must not hammer the provider). */
const KEYS_REFRESH_COOLDOWN_MS = 30_000;

const discoverySchema = z.object({ issuer: z.string(), jwks_uri: z.string() });

interface IssuerKeys {
  jwksUri: string;
  keys: JWTVerifyGetKey;
  fetchedAt: number;
}

/** Per issuer: the keys, or their loading (one at a time however many sign-ins arrive). */
const cache = new Map<string, Promise<IssuerKeys>>();

async function readJson(url: string, what: string): Promise<unknown> {
  const outcome = await getJson(url, { purpose: "identity-provider", timeoutMs: FETCH_TIMEOUT_MS });
  if (outcome.kind === "json") return outcome.value;
  // Only what went wrong, for the log: never the body.
  const detail = outcome.kind === "status" ? `answered ${outcome.status}` : outcome.kind === "not-allowed" ? `is at a ${outcome.addressClass} address` : outcome.code;
  throw new Error(`${what} ${detail}`);
}

async function fetchKeys(jwksUri: string, now: number): Promise<IssuerKeys> {
  // createLocalJWKSet refuses anything but a {"keys": [...]} set.
  const keys = createLocalJWKSet((await readJson(jwksUri, "the JWKS")) as JSONWebKeySet);
  return { jwksUri, keys, fetchedAt: now };
}

async function discover(issuer: string, now: number): Promise<IssuerKeys> {
  const doc = discoverySchema.safeParse(await readJson(`${issuer}/.well-known/openid-configuration`, "discovery"));
  if (!doc.success) throw new Error("discovery names no issuer or jwks_uri");
  if (doc.data.issuer !== issuer) throw new Error("discovery names another issuer");
  const jwksUri = new URL(doc.data.jwks_uri);
  if (jwksUri.protocol !== "https:" && new URL(issuer).protocol === "https:") throw new Error("jwks_uri is not https");
  return fetchKeys(jwksUri.href, now);
}

/** The issuer's keys: cached, re-read when stale, or (`unknownKid`) when a token named a key the set lacks. */
async function keysOf(issuer: string, now: number, unknownKid = false): Promise<IssuerKeys> {
  const pending = cache.get(issuer);
  let next: Promise<IssuerKeys>;
  if (pending) {
    const known = await pending.catch(() => null);
    // Someone else started a reload meanwhile: use theirs.
    if (cache.get(issuer) !== pending) return keysOf(issuer, now, unknownKid);
    const age = known ? now - known.fetchedAt : Infinity;
    if (known && age < KEYS_MAX_AGE_MS && (!unknownKid || age < KEYS_REFRESH_COOLDOWN_MS)) return known;
    next = known ? fetchKeys(known.jwksUri, now) : discover(issuer, now);
  } else {
    next = discover(issuer, now);
  }
  cache.set(issuer, next);
  // A failed load is not cached: the next sign-in tries again.
  next.catch(() => {
    if (cache.get(issuer) === next) cache.delete(issuer);
  });
  return next;
}

const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

/** `now`: the clock for the key cache (tests move it); the token's own times are checked against the real clock. */
export async function verifyIdToken(idToken: string, oidc: Pick<OidcConfig, "issuer" | "clientId">, now = Date.now()): Promise<JWTPayload> {
  const options = { issuer: oidc.issuer, audience: oidc.clientId, algorithms: ALGORITHMS };
  try {
    return (await jwtVerify(idToken, (await keysOf(oidc.issuer, now)).keys, options)).payload;
  } catch (error) {
    // Key rotation: the provider signs with a key published after we read the set.
    if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
    return (await jwtVerify(idToken, (await keysOf(oidc.issuer, now, true)).keys, options)).payload;
  }
}
