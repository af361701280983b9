import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { createProxy } from "proxy";
import { createAwsClients, endpointsFromEnv, proxyUrl, type AwsCallEvent } from "./clients";
import { AwsOperationError } from "./errors";

/**
 * A minimal STS speaking the query protocol over real HTTP: enough to exercise the factory's
 * endpoint override, retry, proxy and assume-role plumbing without the sandbox.
 */
const SECRET = "fakeSecretKeyForFactoryTests0123456789ab"; // 40 characters, like AWS's
const seen: { action: string; authorization: string; proxyAuthorization?: string; url: string }[] = [];
let throttleNext = 0;

const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const params = new URLSearchParams(body);
    const action = params.get("Action") ?? "";
    seen.push({ action, authorization: String(req.headers.authorization ?? ""), url: req.url ?? "" });
    res.setHeader("content-type", "text/xml");
    if (throttleNext > 0) {
      throttleNext--;
      res.statusCode = 400;
      res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>`);
      return;
    }
    if (action === "AssumeRole") {
      res.end(
        `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAFAKESESSION00001</AccessKeyId><SecretAccessKey>sessionSecretForFactoryTests0123456789ab</SecretAccessKey><SessionToken>session-token-value-123</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::222222222222:assumed-role/R/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      );
      return;
    }
    // Echo the signing key, so that a test can tell which identity signed each call.
    const keyId = /Credential=([A-Z0-9]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? "none";
    res.end(
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::111111111111:user/${keyId}</Arn><UserId>AIDA</UserId><Account>111111111111</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  });
});

const PROXY_USER = "beacon";
const PROXY_PASSWORD = "p@ss:w/rd%42"; // every character that must be percent-encoded in a URL
const proxyServer = createProxy(http.createServer());
let proxied = 0;
proxyServer.on("request", () => proxied++);
proxyServer.authenticate = (req) => req.headers["proxy-authorization"] === `Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString("base64")}`;

let endpoint = "";
let proxyAddress = "";

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise<void>((r) => proxyServer.listen(0, "127.0.0.1", r));
  proxyAddress = `127.0.0.1:${(proxyServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  proxyServer.closeAllConnections();
  await new Promise((r) => server.close(r));
  await new Promise((r) => proxyServer.close(r));
});
beforeEach(() => {
  seen.length = 0;
  throttleNext = 0;
  proxied = 0;
});

const creds = { accessKeyId: "AKIAFAKEFACTORYTEST1", secretAccessKey: SECRET };

describe("createAwsClients", () => {
  it("sends to the endpoint override and reports each call without credentials", async () => {
    const events: AwsCallEvent[] = [];
    const clients = createAwsClients({ credentials: creds, endpoint, onCall: (e) => events.push(e) });
    try {
      const out = await clients.sts.send(new GetCallerIdentityCommand({}));
      expect(out.Account).toBe("111111111111");
      expect(seen[0]?.authorization).toContain("Credential=AKIAFAKEFACTORYTEST1/");
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: "sts:GetCallerIdentity", service: "sts", ok: true, attempts: 1 });
      expect(JSON.stringify(events)).not.toContain(SECRET);
    } finally {
      clients.destroy();
    }
  });

  it("keeps identities apart on a shared connection, even when their calls interleave", async () => {
    const root = createAwsClients({ credentials: creds, endpoint });
    try {
      const other = root.withCredentials({ accessKeyId: "AKIAOTHERIDENTITY001", secretAccessKey: "otherSecretForFactoryTests0123456789abcd" });
      const calls = Array.from({ length: 20 }, (_, i) => (i % 2 ? other : root).sts.send(new GetCallerIdentityCommand({})).then((o) => [i % 2 ? "AKIAOTHERIDENTITY001" : "AKIAFAKEFACTORYTEST1", o.Arn] as const));
      for (const [expected, arn] of await Promise.all(calls)) expect(arn).toBe(`arn:aws:iam::111111111111:user/${expected}`);
    } finally {
      root.destroy();
    }
  });

  it("absorbs throttling with back-off, and reports giving up when it persists", async () => {
    const events: AwsCallEvent[] = [];
    const clients = createAwsClients({ credentials: creds, endpoint, retry: { maxAttempts: 4, throttlingBaseDelayMs: 5 }, onCall: (e) => events.push(e) });
    try {
      throttleNext = 2;
      await clients.sts.send(new GetCallerIdentityCommand({}));
      expect(seen).toHaveLength(3);
      expect(events.at(-1)).toMatchObject({ ok: true, attempts: 3 });

      throttleNext = 10;
      const err = await clients.sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AwsOperationError);
      expect(err).toMatchObject({ code: "AWS_THROTTLED", awsCode: "Throttling", gaveUp: true, attempts: 4 });
      expect(events.at(-1)).toMatchObject({ ok: false, gaveUp: true, errorCode: "Throttling", attempts: 4 });
    } finally {
      clients.destroy();
    }
  });

  it("signs with the assumed role's session when given a role to assume first", async () => {
    const clients = createAwsClients({ credentials: { assumeRole: { roleArn: "arn:aws:iam::222222222222:role/R", externalId: "ext-123", via: creds } }, endpoint });
    try {
      await clients.sts.send(new GetCallerIdentityCommand({}));
      await clients.sts.send(new GetCallerIdentityCommand({}));
      // One AssumeRole (cached session), then both calls signed with the session key.
      expect(seen.map((s) => s.action)).toEqual(["AssumeRole", "GetCallerIdentity", "GetCallerIdentity"]);
      expect(seen[0]?.authorization).toContain("Credential=AKIAFAKEFACTORYTEST1/");
      expect(seen[1]?.authorization).toContain("Credential=ASIAFAKESESSION00001/");
    } finally {
      clients.destroy();
    }
  });

  it("goes through an authenticating proxy, with the password percent-encoded", async () => {
    const clients = createAwsClients({ credentials: creds, endpoint, proxy: { server: `http://${proxyAddress}`, username: PROXY_USER, password: PROXY_PASSWORD } });
    try {
      await clients.sts.send(new GetCallerIdentityCommand({}));
      expect(proxied).toBe(1);
      expect(seen).toHaveLength(1);
    } finally {
      clients.destroy();
    }
  });

  it("turns a wrong proxy password into a clear AWS_PROXY_AUTH error without the password", async () => {
    const wrong = "wrong-Proxy-Passw0rd";
    const clients = createAwsClients({ credentials: creds, endpoint, retry: { maxAttempts: 1 }, proxy: { server: proxyAddress, username: PROXY_USER, password: wrong } });
    try {
      const err = await clients.sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AwsOperationError);
      const e = err as AwsOperationError;
      expect(e.code).toBe("AWS_PROXY_AUTH");
      expect(e.httpStatus).toBe(407);
      expect(JSON.stringify(e.toJSON()) + e.message).not.toContain(wrong);
      expect(seen).toHaveLength(0);
    } finally {
      clients.destroy();
    }
  });
});

describe("endpointsFromEnv", () => {
  it("follows the SDK's AWS_ENDPOINT_URL conventions", () => {
    expect(endpointsFromEnv({})).toBeUndefined();
    expect(endpointsFromEnv({ AWS_ENDPOINT_URL: "http://a", AWS_ENDPOINT_URL_STS: "http://b" })).toEqual({ default: "http://a", sts: "http://b" });
    expect(endpointsFromEnv({ AWS_ENDPOINT_URL: "http://a", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" })).toBeUndefined();
  });
});

describe("proxyUrl", () => {
  it("defaults to http and percent-encodes credentials", () => {
    const url = proxyUrl({ server: "10.0.0.1:8080", username: "a b", password: "p@ss:w/rd" });
    expect(url.protocol).toBe("http:");
    expect(decodeURIComponent(url.password)).toBe("p@ss:w/rd");
    expect(decodeURIComponent(url.username)).toBe("a b");
    expect(() => proxyUrl({ server: "socks5://h:1" })).toThrow(AwsOperationError);
  });
});
