import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAwsClients } from "@/lib/aws/clients";
import { EnvError, parseEnv } from "@/lib/env";
import { guardedLookup, safeRequest, type ResolvedAddress, type Resolver } from "./safe-request";

/** A receiver on loopback that records what reaches it; `/redirect` answers 302 to `/elsewhere`. */
const received: { url: string; host: string | undefined }[] = [];
const receiver = http.createServer((req, res) => {
  received.push({ url: req.url ?? "", host: req.headers.host });
  req.resume();
  if (req.url === "/redirect") res.writeHead(302, { location: "/elsewhere" }).end();
  else res.writeHead(204).end();
});
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  received.length = 0;
});

/** A DNS server played by the test: each call answers the next entry (the last one repeats), and is counted. */
function scriptedDns(...answers: string[][]): Resolver & { calls: number } {
  const resolver = Object.assign(
    async (): Promise<ResolvedAddress[]> => {
      const answer = answers[Math.min(resolver.calls, answers.length - 1)]!;
      resolver.calls++;
      return answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    },
    { calls: 0 },
  );
  return resolver;
}

const post = { purpose: "webhook", method: "POST", body: "{}", timeoutMs: 2_000 } as const;

describe("the outbound request guard", () => {
  it("refuses loopback, however it is written, without connecting", async () => {
    for (const host of ["127.0.0.1", "2130706433", "0x7f.1", "017700000001", "[::ffff:127.0.0.1]", "[::1]", "localhost", "localhost."]) {
      const outcome = await safeRequest(`http://${host}:${port}/hook`, { ...post, allowedHosts: [] });
      expect(outcome, host).toEqual({ kind: "not-allowed", addressClass: "loopback" });
    }
    expect(received).toEqual([]);
  });

  it("refuses the metadata service and private ranges", async () => {
    expect(await safeRequest("http://169.254.169.254/latest/meta-data/", { ...post, allowedHosts: [] })).toEqual({ kind: "not-allowed", addressClass: "metadata" });
    expect(await safeRequest("http://[fd00:ec2::254]/latest/meta-data/", { ...post, allowedHosts: [] })).toEqual({ kind: "not-allowed", addressClass: "metadata" });
    expect(await safeRequest("http://10.0.0.5:8080/x", { ...post, allowedHosts: [] })).toEqual({ kind: "not-allowed", addressClass: "private" });
    // Even a host the operator opened never reaches the metadata service.
    expect(await safeRequest("http://169.254.169.254/", { ...post, allowedHosts: ["169.254.169.254"] })).toEqual({ kind: "not-allowed", addressClass: "metadata" });
  });

  it("refuses a host name that resolves to loopback, and one with any internal answer among public ones", async () => {
    const dns = scriptedDns(["127.0.0.1"]);
    expect(await safeRequest(`http://hooks.test:${port}/hook`, { ...post, allowedHosts: [], resolve: dns })).toEqual({ kind: "not-allowed", addressClass: "loopback" });
    const mixed = scriptedDns(["93.184.215.14", "10.1.2.3"]);
    expect(await safeRequest(`http://hooks.test:${port}/hook`, { ...post, allowedHosts: [], resolve: mixed })).toEqual({ kind: "not-allowed", addressClass: "private" });
    const mapped = scriptedDns(["::ffff:127.0.0.1"]);
    expect(await safeRequest(`http://hooks.test:${port}/hook`, { ...post, allowedHosts: [], resolve: mapped })).toEqual({ kind: "not-allowed", addressClass: "loopback" });
    expect(received).toEqual([]);
  });

  it("connects to the address it checked: a second, internal DNS answer (rebinding) is never used", async () => {
    // First answer public (unroutable documentation address), every later answer the loopback receiver.
    const dns = scriptedDns(["192.0.2.1"], ["127.0.0.1"]);
    const outcome = await safeRequest(`http://rebind.test:${port}/hook`, { ...post, timeoutMs: 500, allowedHosts: [], resolve: dns });
    expect(outcome.kind).toBe("unreachable");
    expect(dns.calls).toBe(1);
    expect(received).toEqual([]);
  });

  it("reaches a host the operator allowed, at the resolved address, naming the host in Host", async () => {
    const dns = scriptedDns(["127.0.0.1"]);
    const outcome = await safeRequest(`http://Hooks.Internal.:${port}/hook?x=1`, { ...post, allowedHosts: ["hooks.internal"], resolve: dns });
    expect(outcome).toEqual({ kind: "response", status: 204 });
    expect(dns.calls).toBe(1);
    expect(received).toEqual([{ url: "/hook?x=1", host: `hooks.internal.:${port}` }]);
  });

  it("follows no redirect", async () => {
    const outcome = await safeRequest(`http://127.0.0.1:${port}/redirect`, { ...post, allowedHosts: ["127.0.0.1"] });
    expect(outcome).toEqual({ kind: "response", status: 302 });
    expect(received.map((r) => r.url)).toEqual(["/redirect"]);
  });

  it("reads the allow list from BEACONPORT_WEBHOOK_ALLOWED_HOSTS, refusing metadata entries and ports", () => {
    expect(parseEnv({ BEACONPORT_WEBHOOK_ALLOWED_HOSTS: "Hooks.Internal., 127.0.0.1 [::1]" }).notify.allowedHosts).toEqual(["hooks.internal", "127.0.0.1", "0:0:0:0:0:0:0:1"]);
    expect(parseEnv({}).notify.allowedHosts).toEqual([]);
    expect(() => parseEnv({ BEACONPORT_WEBHOOK_ALLOWED_HOSTS: "169.254.169.254" })).toThrow(EnvError);
    expect(() => parseEnv({ BEACONPORT_WEBHOOK_ALLOWED_HOSTS: "hooks.internal:8080" })).toThrow(/BEACONPORT_WEBHOOK_ALLOWED_HOSTS/);
  });
});

describe("the proxy's address", () => {
  it("may be loopback or private, never link-local or the metadata service", async () => {
    const connect = (dns: Resolver) =>
      new Promise<string>((resolve) => {
        const socket = net.connect({ host: "proxy.corp.test", port, lookup: guardedLookup("proxy", dns) });
        socket.on("connect", () => (socket.destroy(), resolve("connected")));
        socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
      });
    expect(await connect(scriptedDns(["127.0.0.1"]))).toBe("connected");
    expect(await connect(scriptedDns(["169.254.169.254"]))).toBe("EADDRNOTALLOWED");
    expect(await connect(scriptedDns(["fe80::1"]))).toBe("EADDRNOTALLOWED");
    for (const server of ["169.254.169.254:80", "http://[fd00:ec2::254]:3128", "0.0.0.0:3128", "http://0xa9fea9fe"]) {
      expect(() => createAwsClients({ credentials: { accessKeyId: "AKIAEXAMPLEEXAMPLE00", secretAccessKey: "x".repeat(40) }, proxy: { server } }), server).toThrow(/link-local|metadata|unspecified/);
    }
  });
});
