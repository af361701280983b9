import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getJson, type ResolvedAddress, type Resolver } from "./safe-request";

/**
 * getJson against hostile servers on loopback (an OpenID provider the operator configured may be on
 * loopback or a private address): every way a server could make the portal hang, follow it elsewhere,
 * or buffer without bound.
 */
const hits: string[] = [];
const slowResponses: http.ServerResponse[] = [];
const server = http.createServer((req, res) => {
  hits.push(req.url ?? "");
  switch (req.url) {
    case "/ok":
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ issuer: "x", keys: [1, 2] }));
    case "/big-declared":
      // Declares a body over the limit: refused before reading.
      res.writeHead(200, { "content-type": "application/json", "content-length": String(300 * 1024) });
      return void res.write("{");
    case "/big-chunked": {
      // No length, just keeps sending: cut off at the limit.
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = `"${"a".repeat(64 * 1024)}",`;
      res.write("[");
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      return pump();
    }
    case "/redirect":
      return void res.writeHead(302, { location: "/ok" }).end();
    case "/slow-body":
      // Headers at once, then the body never finishes.
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"keys": [');
      slowResponses.push(res);
      return;
    case "/not-json":
      return void res.writeHead(200, { "content-type": "text/html" }).end("<html>login</html>");
    case "/error":
      return void res.writeHead(500).end('{"error":"x"}');
    default:
      return void res.writeHead(404).end();
  }
});
let base = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of slowResponses) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  hits.length = 0;
});

const options = { purpose: "identity-provider", timeoutMs: 2_000 } as const;

function dns(...addresses: string[]): Resolver {
  return async (): Promise<ResolvedAddress[]> => addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
}

describe("getJson (the OpenID provider's discovery and keys)", () => {
  it("reads a JSON document from a configured host, loopback included", async () => {
    expect(await getJson(`${base}/ok`, options)).toEqual({ kind: "json", value: { issuer: "x", keys: [1, 2] } });
  });

  it("refuses a body over the limit, declared or streamed, without buffering it", async () => {
    expect(await getJson(`${base}/big-declared`, options)).toEqual({ kind: "invalid", code: "TOO_LARGE" });
    expect(await getJson(`${base}/big-chunked`, { ...options, maxBytes: 256 * 1024 })).toEqual({ kind: "invalid", code: "TOO_LARGE" });
    // The default limit is 256 KiB.
    expect(await getJson(`${base}/big-chunked`, options)).toEqual({ kind: "invalid", code: "TOO_LARGE" });
  });

  it("follows no redirect", async () => {
    expect(await getJson(`${base}/redirect`, options)).toEqual({ kind: "status", status: 302 });
    expect(hits).toEqual(["/redirect"]);
  });

  it("gives up on a body that never finishes, within its timeout", async () => {
    expect(await getJson(`${base}/slow-body`, { ...options, timeoutMs: 300 })).toEqual({ kind: "unreachable", code: "TIMEOUT" });
  });

  it("refuses an answer that is not JSON, and reports an error status without its body", async () => {
    expect(await getJson(`${base}/not-json`, options)).toEqual({ kind: "invalid", code: "NOT_JSON" });
    expect(await getJson(`${base}/error`, options)).toEqual({ kind: "status", status: 500 });
  });

  it("never reaches the metadata service or link-local addresses, by address or by name", async () => {
    expect(await getJson("http://169.254.169.254/latest/meta-data/", options)).toEqual({ kind: "not-allowed", addressClass: "metadata" });
    expect(await getJson("http://[fd00:ec2::254]/", options)).toEqual({ kind: "not-allowed", addressClass: "metadata" });
    expect(await getJson("http://metadata.google.internal/computeMetadata/v1/", options)).toEqual({ kind: "not-allowed", addressClass: "metadata" });
    expect(await getJson("https://idp.corp.test/jwks", { ...options, resolve: dns("169.254.169.254") })).toEqual({ kind: "not-allowed", addressClass: "metadata" });
    expect(await getJson("https://idp.corp.test/jwks", { ...options, resolve: dns("10.0.0.7", "fe80::1") })).toEqual({ kind: "not-allowed", addressClass: "link-local" });
    expect(hits).toEqual([]);
  });
});
