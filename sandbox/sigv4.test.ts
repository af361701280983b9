import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, test } from "vitest";
import { formatAmzDate, parseAmzDate, parseAuthorization, verifySignature } from "./sigv4";

/** A Node-crypto implementation of the SDK's `Checksum` interface, for SignatureV4. */
type Source = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: Source): string | Uint8Array =>
  typeof data === "string" ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

class NodeSha256 {
  private readonly hash;
  constructor(secret?: Source) {
    this.hash = secret ? createHmac("sha256", bytes(secret)) : createHash("sha256");
  }
  update(data: Source) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

const credentials = { accessKeyId: "AKIAEXAMPLEEXAMPLE01", secretAccessKey: "secret/with+chars0000000000000000000000000" };

async function signed(body: string, query: Record<string, string> = {}) {
  const signer = new SignatureV4({ credentials, region: "eu-west-1", service: "iam", sha256: NodeSha256 });
  const request = await signer.sign(
    {
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      port: 4566,
      path: "/",
      query,
      headers: { host: "127.0.0.1:4566", "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body,
    },
    { signingDate: new Date("2024-05-06T07:08:09Z") },
  );
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const rawQuery = new URLSearchParams(query).toString().replace(/\+/g, "%20");
  return { headers, rawQuery };
}

describe("SigV4 verification against the SDK's own signer", () => {
  test("accepts what @smithy/signature-v4 signs, with the scope it names", async () => {
    const body = "Action=ListUsers&Version=2010-05-08&PathPrefix=%2Fa%20b%2F";
    const { headers, rawQuery } = await signed(body, { "b key": "x y", a: "1*" });
    const auth = parseAuthorization(headers.authorization);
    expect(auth).toMatchObject({ accessKeyId: credentials.accessKeyId, region: "eu-west-1", service: "iam", scopeDate: "20240506" });
    const ok = verifySignature({
      method: "POST", path: "/", query: rawQuery, headers, body: Buffer.from(body), auth: auth!,
      amzDate: headers["x-amz-date"]!, secretAccessKey: credentials.secretAccessKey,
    });
    expect(ok).toBe(true);
  });

  test("refuses a wrong secret, a changed body and a changed signed header", async () => {
    const body = "Action=ListUsers&Version=2010-05-08";
    const { headers } = await signed(body);
    const auth = parseAuthorization(headers.authorization)!;
    const base = { method: "POST", path: "/", query: "", headers, body: Buffer.from(body), auth, amzDate: headers["x-amz-date"]!, secretAccessKey: credentials.secretAccessKey };
    expect(verifySignature({ ...base, secretAccessKey: `${credentials.secretAccessKey}x` })).toBe(false);
    expect(verifySignature({ ...base, body: Buffer.from(`${body}&MaxItems=1`) })).toBe(false);
    expect(verifySignature({ ...base, headers: { ...headers, host: "evil:4566" } })).toBe(false);
  });

  test("parses and formats X-Amz-Date", () => {
    const ms = parseAmzDate("20240506T070809Z");
    expect(new Date(ms).toISOString()).toBe("2024-05-06T07:08:09.000Z");
    expect(formatAmzDate(ms)).toBe("20240506T070809Z");
    expect(parseAmzDate("2024-05-06")).toBeNaN();
    expect(parseAuthorization("AWS4-HMAC-SHA256 Credential=bad")).toBeNull();
  });
});
