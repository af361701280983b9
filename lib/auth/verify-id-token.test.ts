import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { verifyIdToken } from "./verify-id-token";

/**
 * The provider's keys as verifyIdToken reads them (through lib/net's getJson): discovery once, the key
 * set cached, re-read when a token names a key it lacks (rotation), at most every 30 s, and after 10
 * minutes in any case. A loopback provider publishes discovery and a key set the test changes.
 */
const CLIENT_ID = "beaconport-test";
let issuer = "";
let published: JWK[] = [];
const fetched: string[] = [];
const server = http.createServer((req, res) => {
  fetched.push(req.url ?? "");
  res.setHeader("content-type", "application/json");
  if (req.url === "/.well-known/openid-configuration") return void res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys` }));
  if (req.url === "/keys") return void res.end(JSON.stringify({ keys: published }));
  res.writeHead(404).end();
});

async function key(kid: string): Promise<{ jwk: JWK; sign: (claims?: Record<string, unknown>) => Promise<string> }> {
  const pair = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(pair.publicKey)), kid, alg: "RS256", use: "sig" };
  const privateKey: CryptoKey = pair.privateKey;
  return {
    jwk,
    sign: (claims = {}) => new SignJWT({ email: "k@idp.test", ...claims }).setProtectedHeader({ alg: "RS256", kid }).setIssuer(issuer).setAudience(CLIENT_ID).setSubject("k").setIssuedAt().setExpirationTime("5m").sign(privateKey),
  };
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  fetched.length = 0;
});

describe("verifyIdToken's key set", () => {
  it("reads discovery and the keys once, follows a rotation, and never lets unknown key ids hammer the provider", async () => {
    const first = await key("k1");
    const second = await key("k2");
    const stranger = await key("k3");
    published = [first.jwk];
    const t0 = Date.now();
    const oidc = { issuer, clientId: CLIENT_ID };
    expect(await verifyIdToken(await first.sign(), oidc, t0)).toMatchObject({ email: "k@idp.test" });
    expect(await verifyIdToken(await first.sign(), oidc, t0 + 1_000)).toMatchObject({ sub: "k" });
    expect(fetched).toEqual(["/.well-known/openid-configuration", "/keys"]);

    // The provider rotates to k2; a token naming it is the reason to read the set again (past the cooldown).
    published = [second.jwk];
    expect(await verifyIdToken(await second.sign(), oidc, t0 + 31_000)).toMatchObject({ sub: "k" });
    expect(fetched).toEqual(["/.well-known/openid-configuration", "/keys", "/keys"]);

    // Tokens naming keys nobody published: refused, and within the cooldown the set is not read again.
    await expect(verifyIdToken(await stranger.sign(), oidc, t0 + 32_000)).rejects.toThrow();
    await expect(verifyIdToken(await stranger.sign(), oidc, t0 + 33_000)).rejects.toThrow();
    expect(fetched).toHaveLength(3);
    // The old key is gone from the set: its tokens no longer verify.
    await expect(verifyIdToken(await first.sign(), oidc, t0 + 34_000)).rejects.toThrow();

    // After ten minutes the set is read again even for a known key.
    expect(await verifyIdToken(await second.sign(), oidc, t0 + 31_000 + 10 * 60_000 + 1)).toMatchObject({ sub: "k" });
    expect(fetched).toEqual(["/.well-known/openid-configuration", "/keys", "/keys", "/keys"]);
  });
});
