/**
 * The AWS sandbox: a local, multi-account AWS (IAM, STS, EC2, RDS, Organizations) that the
 * unmodified AWS SDK v3 talks to over HTTP(S). See sandbox/README.md.
 */
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { rmSync } from "node:fs";
import path from "node:path";
import { accountInfo, createControl, handleControlRequest } from "./control";
import { SandboxEngine } from "./engine";
import { defaultFixture, loadFixtureFile, parseFixture } from "./fixture";
import { createTls } from "./tls";
import type { FaultConfig, QuotaSettings, SandboxAccountInfo, SandboxControl, SandboxFixture } from "./types";

export { generateOrganization } from "./generate-organization";
export { IAM_QUOTAS } from "./quotas";
export type * from "./types";

export interface StartSandboxOptions {
  /** Default "127.0.0.1": the control API is unauthenticated, keep it on loopback. */
  host?: string;
  /** HTTP port; 0 = a free port (default 0). */
  port?: number;
  /** HTTPS port; 0 = a free port (default 0). */
  httpsPort?: number;
  /** Default true. */
  https?: boolean;
  /** A fixture object or the path of a JSON fixture; default: the default organization. */
  fixture?: SandboxFixture | string;
  faults?: FaultConfig;
  /** IAM quotas that differ from AWS's defaults, e.g. `{ managedPoliciesPerUser: 2 }` (see quotas.ts). */
  quotas?: QuotaSettings;
  /** Time source (epoch ms) for expiry and clock-skew tests; default `Date.now`. */
  clock?: () => number;
}

export interface Sandbox {
  /** One HTTP endpoint for every service (routed by the SigV4 credential scope's service). */
  endpoint: string;
  httpsEndpoint?: string;
  /** PEM file of the CA that signed the HTTPS certificate. */
  caFile?: string;
  controlUrl: string;
  home: { accountId: string; accessKeyId: string; secretAccessKey: string };
  accounts: SandboxAccountInfo[];
  control: SandboxControl;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const CONTROL_PREFIX = "/_sandbox";

function listen(server: http.Server | https.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: http.Server | https.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  const clock = options.clock ?? Date.now;
  const fixture =
    options.fixture === undefined
      ? defaultFixture()
      : typeof options.fixture === "string"
        ? loadFixtureFile(options.fixture)
        : parseFixture(options.fixture);
  const engine = new SandboxEngine(fixture, clock, options.faults, options.quotas);
  const control = createControl(engine);
  const sweeper = setInterval(() => engine.sweep(), 60_000);
  sweeper.unref();

  const urls: { endpoint?: string; httpsEndpoint?: string; controlUrl?: string; caFile?: string } = {};
  const info = () => ({
    endpoint: urls.endpoint,
    httpsEndpoint: urls.httpsEndpoint,
    caFile: urls.caFile,
    controlUrl: urls.controlUrl,
    accounts: [...engine.state.accounts.values()].map(accountInfo),
  });

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (res.headersSent) return;
      const body = Buffer.concat(chunks);
      const url = req.url ?? "/";
      const respond = (status: number, headers: Record<string, string>, payload: string) => {
        res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(payload) });
        res.end(payload);
      };
      if (url === CONTROL_PREFIX || url.startsWith(`${CONTROL_PREFIX}/`) || url.startsWith(`${CONTROL_PREFIX}?`)) {
        const parsed = new URL(url, "http://sandbox.local");
        void handleControlRequest(control, info, req.method ?? "GET", parsed.pathname.slice(CONTROL_PREFIX.length) || "/", parsed.searchParams, body.toString("utf8")).then(
          (r) => respond(r.status, { "content-type": "application/json" }, JSON.stringify(r.body)),
        );
        return;
      }
      engine
        .handle({ method: req.method ?? "POST", url, headers: req.headers, body })
        .then((r) => respond(r.status, r.headers, r.body))
        .catch((error: unknown) => {
          console.error("[sandbox] unexpected failure", error);
          respond(500, { "content-type": "text/plain" }, "internal sandbox failure");
        });
    });
  };

  const httpServer = http.createServer({ keepAliveTimeout: 30_000 }, onRequest);
  const httpPort = await listen(httpServer, options.port ?? 0, host).catch((error: unknown) => {
    clearInterval(sweeper);
    throw error;
  });
  const urlHost = host.includes(":") ? `[${host}]` : host;
  urls.endpoint = `http://${urlHost}:${httpPort}`;
  urls.controlUrl = `${urls.endpoint}${CONTROL_PREFIX}`;

  let httpsServer: https.Server | undefined;
  if (options.https ?? true) {
    const tls = await createTls();
    urls.caFile = tls.caFile;
    httpsServer = https.createServer({ key: tls.key, cert: `${tls.cert.trimEnd()}\n${tls.caCert}`, keepAliveTimeout: 30_000 }, onRequest);
    const httpsPort = await listen(httpsServer, options.httpsPort ?? 0, host).catch(async (error: unknown) => {
      // Leave nothing behind when the HTTPS port is taken.
      clearInterval(sweeper);
      await close(httpServer);
      rmSync(path.dirname(tls.caFile), { recursive: true, force: true });
      throw error;
    });
    // TLS clients check the certificate against a host name: the certificate names localhost.
    const tlsHost = host === "127.0.0.1" || host === "::1" || host === "0.0.0.0" ? "localhost" : urlHost;
    urls.httpsEndpoint = `https://${tlsHost}:${httpsPort}`;
  }

  const accounts = [...engine.state.accounts.values()].map(accountInfo);
  const homeInfo = accounts.find((a) => a.role === "management")!;
  let stopped = false;
  return {
    endpoint: urls.endpoint,
    httpsEndpoint: urls.httpsEndpoint,
    caFile: urls.caFile,
    controlUrl: urls.controlUrl,
    home: { accountId: homeInfo.accountId, accessKeyId: homeInfo.accessKeyId, secretAccessKey: homeInfo.secretAccessKey },
    accounts,
    control,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(sweeper);
      await Promise.all([close(httpServer), httpsServer ? close(httpsServer) : Promise.resolve()]);
      if (urls.caFile) rmSync(path.dirname(urls.caFile), { recursive: true, force: true });
    },
  };
}
