import "server-only";
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { OidcConfig } from "@/lib/env";

/**
 * Verifies the ID token's signature against the issuer's published keys (its JWKS), with issuer,
 * audience and expiry. next-auth (oauth4webapi) checks the claims, nonce included, but not the signature
 * of an ID token that came from the token endpoint (OIDC Core 3.1.3.7 lets TLS stand in for it); we
 * check it anyway, so a token the provider did not sign never signs anyone in, whatever the transport.
 */
const keySets = new Map<string, { jwksUri: string; keys: JWTVerifyGetKey }>();

async function keysOf(issuer: string): Promise<JWTVerifyGetKey> {
  const known = keySets.get(issuer);
  if (known) return known.keys;
  const response = await fetch(`${issuer}/.well-known/openid-configuration`, { headers: { accept: "application/json" }, redirect: "error", signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  const doc = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (doc.issuer !== issuer) throw new Error("discovery names another issuer");
  if (typeof doc.jwks_uri !== "string") throw new Error("discovery names no jwks_uri");
  const jwksUri = new URL(doc.jwks_uri);
  if (jwksUri.protocol !== "https:" && new URL(issuer).protocol === "https:") throw new Error("jwks_uri is not https");
  // jose refetches the set (at most every 30 s) when a token names a key it does not hold: key rotation works.
  const keys = createRemoteJWKSet(jwksUri);
  keySets.set(issuer, { jwksUri: jwksUri.href, keys });
  return keys;
}

export async function verifyIdToken(idToken: string, oidc: Pick<OidcConfig, "issuer" | "clientId">): Promise<JWTPayload> {
  const { payload } = await jwtVerify(idToken, await keysOf(oidc.issuer), { issuer: oidc.issuer, audience: oidc.clientId, algorithms: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"] });
  return payload;
}
