import "server-only";
/**
 * The one door to AWS: every SDK client in Beaconport is built here (a test enforces it).
 *
 * - Credentials: static keys (optionally with a session token) or a role to assume first.
 * - Endpoint override per service or for all (the sandbox, or any AWS-compatible endpoint).
 * - Proxy: plain-http endpoints through `HttpProxyAgent` (absolute-URI requests), https endpoints
 *   through `HttpsProxyAgent` (CONNECT tunnel) with the custom CA injected for the tunnelled hop.
 * - Timeouts, a back-off retry strategy, and an observer that maps every error to an
 *   `AwsOperationError` and reports each call (`onCall`) without credentials in it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import http from "node:http";
import https from "node:https";
import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient, AssumeRoleCommand } from "@aws-sdk/client-sts";
import { EC2Client } from "@aws-sdk/client-ec2";
import { RDSClient } from "@aws-sdk/client-rds";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, MiddlewareStack } from "@smithy/types";
import { classAllowed, classifyHostLiteral } from "@/lib/net/address-class";
import { guardedLookup } from "@/lib/net/safe-request";
import { recordAwsCall, recordAwsThrottle } from "@/lib/metrics/process-metrics";
import { AwsOperationError, toAwsOperationError } from "./errors";
import { registerSecret } from "./redact";
import { BackoffRetryStrategy, type RetryOptions } from "./retry";
import { endpointFor, type AwsService, type EndpointOverride } from "./endpoints";

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** For temporary credentials: when they stop working. */
  expiration?: Date;
}

export interface AssumeRoleSource {
  assumeRole: {
    roleArn: string;
    externalId?: string;
    /** Shows up in CloudTrail; default `beaconport`. */
    sessionName?: string;
    durationSeconds?: number;
    /** The credentials that call `sts:AssumeRole`. */
    via: CredentialSource;
  };
}

export type CredentialSource = StaticCredentials | AssumeRoleSource;

export type { AwsService } from "./endpoints";
export { endpointsFromEnv } from "./endpoints";

export interface ProxyOptions {
  /** `http://host:port` or `https://host:port`; a bare `host:port` means http. */
  server: string;
  username?: string;
  password?: string;
}

export interface AwsCallEvent {
  /** `service:Operation`, e.g. `iam:GetPolicy`. */
  action: string;
  service: AwsService;
  region: string;
  durationMs: number;
  attempts: number;
  ok: boolean;
  errorCode?: string;
  /** The retry strategy gave up on a retryable error (throttling, timeouts). */
  gaveUp?: boolean;
}

/** How to reach AWS, independent of who is calling. */
export interface ConnectionOptions {
  /** Region for STS and the default for regional services (default `us-east-1`). */
  region?: string;
  /** One endpoint for every service, or one per service (`default` for the rest). */
  endpoint?: EndpointOverride;
  proxy?: ProxyOptions;
  /** Extra CA certificate(s), PEM, trusted for the AWS endpoint (private endpoints, TLS-inspecting proxies). */
  caPem?: string;
  timeouts?: { connectMs?: number; requestMs?: number };
  retry?: RetryOptions;
  /** Called once per SDK operation (after retries), for counting and tracing. Never carries credentials. */
  onCall?: (event: AwsCallEvent) => void;
  /**
   * Connections per endpoint host. Direct: 256 (rollouts run many accounts and regions at once). Through a
   * proxy: 16, the runs' account concurrency: kept-alive CONNECT tunnels (or proxy connections) are reused,
   * and a burst waits for a free one instead of opening hundreds of tunnels through the customer's proxy.
   */
  maxSockets?: number;
}

export interface CreateAwsClientsOptions extends ConnectionOptions {
  credentials: CredentialSource;
}

export interface AwsClients {
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly organizations: OrganizationsClient;
  ec2(region: string): EC2Client;
  rds(region: string): RDSClient;
  readonly connection: ConnectionOptions;
  /** Clients for other credentials over the same connection (same sockets, proxy, retry, observers). */
  withCredentials(credentials: CredentialSource): AwsClients;
  /** The same identity with one more call observer (e.g. to count calls per account); inherited by `withCredentials`. */
  withObserver(onCall: (event: AwsCallEvent) => void): AwsClients;
  /** Closes sockets. Only the root (the one from `createAwsClients`) owns them. */
  destroy(): void;
}

const SERVICE_OF_CLIENT: Record<string, AwsService> = {
  IAMClient: "iam",
  STSClient: "sts",
  EC2Client: "ec2",
  RDSClient: "rds",
  OrganizationsClient: "organizations",
};

const GLOBAL_REGION = "us-east-1";

export function isAssumeRoleSource(source: CredentialSource): source is AssumeRoleSource {
  return "assumeRole" in source;
}

/** `user:password@` percent-encoded, as the proxy agents decode it; a bare host:port means http. */
export function proxyUrl(proxy: ProxyOptions): URL {
  const server = /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy.server) ? proxy.server : `http://${proxy.server}`;
  const url = new URL(server);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AwsOperationError({
      code: "AWS_PROXY_AUTH",
      awsCode: "InvalidProxy",
      message: `Unsupported proxy scheme ${url.protocol}`,
      cause: "The proxy server must be an http:// or https:// address.",
      fix: "Enter the proxy as http://host:port or https://host:port (procedure step 8.4).",
    });
  }
  if (proxy.username) url.username = encodeURIComponent(proxy.username);
  if (proxy.password) url.password = encodeURIComponent(proxy.password);
  return url;
}

/**
 * https-proxy-agent applies its constructor TLS options only to the hop to the proxy; the CA for
 * the tunnelled AWS endpoint has to be added per connection.
 */
class TunnelCaHttpsProxyAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: URL,
    private readonly targetCa: string | undefined,
    options: ConstructorParameters<typeof HttpsProxyAgent<string>>[1],
  ) {
    super(proxy, options);
  }
  override connect(...args: Parameters<HttpsProxyAgent<string>["connect"]>): ReturnType<HttpsProxyAgent<string>["connect"]> {
    const [req, opts] = args;
    return super.connect(req, this.targetCa && opts.secureEndpoint ? { ...opts, ca: this.targetCa } : opts);
  }
  /**
   * This agent carries https requests only (the handler's httpsAgent). agent-base otherwise guesses from
   * the call stack, and guesses differently when a socket is freed (an event, no https frame) than when a
   * request looks for one: the kept-alive tunnel went to a pool no request looked in, and every AWS call
   * opened a new CONNECT tunnel. A fixed answer gives both the same pool name, so tunnels are reused.
   */
  override isSecureEndpoint(): boolean {
    return true;
  }
}

/** Connections per AWS host through a proxy (see ConnectionOptions.maxSockets). */
export const PROXY_SOCKETS_PER_HOST = 16;

function buildRequestHandler(connection: ConnectionOptions): NodeHttpHandler {
  const maxSockets = connection.maxSockets ?? (connection.proxy ? PROXY_SOCKETS_PER_HOST : 256);
  let httpAgent: http.Agent;
  let httpsAgent: https.Agent | http.Agent;
  if (connection.proxy) {
    const url = proxyUrl(connection.proxy);
    registerSecret(connection.proxy.password);
    // The proxy may live on a private or loopback address, never on link-local/metadata ones (an admin
    // must not be able to aim the portal's AWS traffic, credentials included, at the instance metadata
    // service). Literal addresses are checked here; names on every connect, by the guarded lookup.
    const literal = classifyHostLiteral(url.hostname);
    if (literal !== null && !classAllowed(literal, "proxy")) {
      throw new AwsOperationError({
        code: "AWS_NETWORK",
        awsCode: "ProxyNotAllowed",
        message: `Proxy server on a ${literal} address`,
        cause: "The proxy server's address is a link-local, cloud metadata or unspecified address; the portal never connects there.",
        fix: "Enter the proxy's own address (a private, loopback or public address) in the connection settings (procedure step 8.4).",
      });
    }
    const lookup = guardedLookup("proxy");
    httpAgent = new HttpProxyAgent(url, { keepAlive: true, maxSockets, lookup });
    httpsAgent = new TunnelCaHttpsProxyAgent(url, connection.caPem, { keepAlive: true, maxSockets, lookup });
  } else {
    httpAgent = new http.Agent({ keepAlive: true, maxSockets });
    httpsAgent = new https.Agent({ keepAlive: true, maxSockets, ...(connection.caPem ? { ca: connection.caPem } : {}) });
  }
  return new NodeHttpHandler({
    // The SDK's connection timeout also runs while a request waits for a free socket: through a proxy
    // (capped sockets, plus the CONNECT and TLS hops) a burst may wait its turn, so it gets longer.
    connectionTimeout: connection.timeouts?.connectMs ?? (connection.proxy ? 15_000 : 5_000),
    requestTimeout: connection.timeouts?.requestMs ?? 30_000,
    throwOnRequestTimeout: true,
    httpAgent,
    // An agent-base agent is a drop-in for https.Agent; the handler only calls `request` with it.
    httpsAgent: httpsAgent as https.Agent,
  });
}

type Observer = (event: AwsCallEvent) => void;

/**
 * Who is calling, for the duration of one `send`. The SDK clients are shared by every identity on
 * a connection (see `SharedSdkClients`); each call runs inside its identity's scope, and the
 * clients read credentials and observers from it.
 */
interface CallScope {
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  observers: Observer[];
}

const callScope = new AsyncLocalStorage<CallScope>();

/**
 * The credentials every shared client is built with. `memoized` tells the SDK not to cache the
 * answer: it asks again for each request (and signs with what it gets), so the identity is the
 * calling scope's, never the previous caller's.
 */
const scopedCredentials: AwsCredentialIdentityProvider & { memoized: boolean } = Object.assign(
  async (): Promise<AwsCredentialIdentity> => {
    const scope = callScope.getStore();
    if (!scope) throw new Error("AWS call outside an identity scope (use the clients from createAwsClients)");
    return typeof scope.credentials === "function" ? scope.credentials() : scope.credentials;
  },
  { memoized: true },
);

/**
 * One set of SDK clients per connection, shared by every identity that uses it (the home
 * account, each assumed role). Building a client and resolving its middleware on the first call of
 * each command cost more CPU than the call itself; a connection test over hundreds of accounts
 * would otherwise build seven clients per account.
 */
class SharedSdkClients {
  readonly handler: NodeHttpHandler;
  readonly maxAttempts: number;
  private iam?: IAMClient;
  private sts?: STSClient;
  private organizations?: OrganizationsClient;
  private readonly ec2 = new Map<string, EC2Client>();
  private readonly rds = new Map<string, RDSClient>();

  constructor(readonly connection: ConnectionOptions) {
    this.handler = buildRequestHandler(connection);
    this.maxAttempts = Math.max(1, connection.retry?.maxAttempts ?? 8);
  }

  private config(service: AwsService, region: string) {
    return {
      region,
      endpoint: endpointFor(this.connection.endpoint, service),
      credentials: scopedCredentials,
      requestHandler: this.handler,
      maxAttempts: this.maxAttempts,
      retryStrategy: new BackoffRetryStrategy(countThrottles(service, this.connection.retry)),
      cacheMiddleware: true,
      ...EXPLICIT_SETTINGS,
    };
  }

  // The five clients' stacks differ only in their input/output unions; the observer ignores both.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private observe<C extends { middlewareStack: MiddlewareStack<any, any> }>(client: C, region: string): C {
    const maxAttempts = this.maxAttempts;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const observers = callScope.getStore()?.observers ?? [];
        const notify = (event: AwsCallEvent) => {
          for (const o of observers) o(event);
        };
        const service = SERVICE_OF_CLIENT[context.clientName ?? ""] ?? "iam";
        const action = `${service}:${(context.commandName ?? "Unknown").replace(/Command$/, "")}`;
        const started = performance.now();
        try {
          const result = await next(args);
          const meta = (result.output as { $metadata?: { attempts?: number } }).$metadata;
          recordAwsCall(service, true);
          notify({ action, service, region, durationMs: performance.now() - started, attempts: meta?.attempts ?? 1, ok: true });
          return result;
        } catch (err) {
          const mapped = toAwsOperationError(err, { action, maxAttempts });
          recordAwsCall(service, false);
          notify({ action, service, region, durationMs: performance.now() - started, attempts: mapped.attempts ?? 1, ok: false, errorCode: mapped.awsCode, gaveUp: mapped.gaveUp });
          throw mapped;
        }
      },
      { step: "initialize", name: "beaconportObserver", priority: "high" },
    );
    return client;
  }

  getIam(): IAMClient {
    // IAM is global: its signing region is us-east-1 in the commercial partition.
    return (this.iam ??= this.observe(new IAMClient(this.config("iam", GLOBAL_REGION)), GLOBAL_REGION));
  }
  getSts(): STSClient {
    const region = this.connection.region ?? GLOBAL_REGION;
    return (this.sts ??= this.observe(new STSClient(this.config("sts", region)), region));
  }
  getOrganizations(): OrganizationsClient {
    return (this.organizations ??= this.observe(new OrganizationsClient(this.config("organizations", GLOBAL_REGION)), GLOBAL_REGION));
  }
  getEc2(region: string): EC2Client {
    let c = this.ec2.get(region);
    if (!c) this.ec2.set(region, (c = this.observe(new EC2Client(this.config("ec2", region)), region)));
    return c;
  }
  getRds(region: string): RDSClient {
    let c = this.rds.get(region);
    if (!c) this.rds.set(region, (c = this.observe(new RDSClient(this.config("rds", region)), region)));
    return c;
  }
}

/** The connection's retry options, plus a count of every throttling answer for GET /api/metrics. */
function countThrottles(service: AwsService, retry: RetryOptions | undefined): RetryOptions {
  return {
    ...retry,
    onRetry(event) {
      if (event.errorType === "THROTTLING") recordAwsThrottle(service);
      retry?.onRetry?.(event);
    },
    onGiveUp(event) {
      if (event.errorType === "THROTTLING") recordAwsThrottle(service);
      retry?.onGiveUp?.(event);
    },
  };
}

/**
 * The shared client as seen by one identity: the same object, except that `send` runs in the
 * identity's scope. Everything else (config, middlewareStack) is the shared client's.
 */
function scoped<C extends { send: (...args: never[]) => unknown }>(client: C, scope: CallScope): C {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "send") {
        return (...args: Parameters<C["send"]>) => callScope.run(scope, () => target.send(...args));
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

function assumeRoleProvider(source: AssumeRoleSource, shared: SharedSdkClients, observers: Observer[]): AwsCredentialIdentityProvider {
  const spec = source.assumeRole;
  let cached: AwsCredentialIdentity | undefined;
  let inflight: Promise<AwsCredentialIdentity> | undefined;
  const viaClients = buildClients(spec.via, shared, false, observers);
  return async () => {
    // Refresh five minutes early so that a long rollout never signs with an expiring session.
    if (cached?.expiration && cached.expiration.getTime() - Date.now() > 5 * 60_000) return cached;
    inflight ??= (async () => {
      try {
        const out = await viaClients.sts.send(
          new AssumeRoleCommand({
            RoleArn: spec.roleArn,
            RoleSessionName: spec.sessionName ?? "beaconport",
            ExternalId: spec.externalId,
            DurationSeconds: spec.durationSeconds,
          }),
        );
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) {
          throw new AwsOperationError({
            code: "AWS_ERROR",
            awsCode: "EmptyCredentials",
            action: "sts:AssumeRole",
            message: "sts:AssumeRole returned no credentials",
            cause: "AWS answered AssumeRole without credentials.",
            fix: "Run again; if it persists, check the endpoint.",
          });
        }
        registerSecret(c.SecretAccessKey);
        registerSecret(c.SessionToken);
        cached = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
        return cached;
      } finally {
        inflight = undefined;
      }
    })();
    return inflight;
  };
}

function buildClients(credentials: CredentialSource, shared: SharedSdkClients, owner: boolean, observers: Observer[]): AwsClients {
  let creds: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  if (isAssumeRoleSource(credentials)) {
    creds = assumeRoleProvider(credentials, shared, observers);
  } else {
    registerSecret(credentials.secretAccessKey);
    registerSecret(credentials.sessionToken);
    creds = { ...credentials };
  }
  const scope: CallScope = { credentials: creds, observers };
  let iam: IAMClient | undefined;
  let sts: STSClient | undefined;
  let organizations: OrganizationsClient | undefined;
  const ec2 = new Map<string, EC2Client>();
  const rds = new Map<string, RDSClient>();

  return {
    connection: shared.connection,
    get iam() {
      return (iam ??= scoped(shared.getIam(), scope));
    },
    get sts() {
      return (sts ??= scoped(shared.getSts(), scope));
    },
    get organizations() {
      return (organizations ??= scoped(shared.getOrganizations(), scope));
    },
    ec2(r: string) {
      let c = ec2.get(r);
      if (!c) ec2.set(r, (c = scoped(shared.getEc2(r), scope)));
      return c;
    },
    rds(r: string) {
      let c = rds.get(r);
      if (!c) rds.set(r, (c = scoped(shared.getRds(r), scope)));
      return c;
    },
    withCredentials(next: CredentialSource) {
      return buildClients(next, shared, false, observers);
    },
    withObserver(onCall: Observer) {
      return buildClients(credentials, shared, false, [...observers, onCall]);
    },
    destroy() {
      // Every identity on this connection shares the sockets; only the root closes them.
      if (owner) shared.handler.destroy();
    },
  };
}

/**
 * Settings the SDK would otherwise resolve per client from AWS_* variables and ~/.aws/config of
 * whoever runs the server. Explicit values make behaviour independent of that machine (lib/env is
 * the only reader of the environment, and it already applied the AWS_ENDPOINT_URL conventions) and
 * make a fresh client's first call about five times cheaper, which matters when a connection test
 * builds seven clients for each of hundreds of accounts.
 */
const EXPLICIT_SETTINGS = {
  useFipsEndpoint: false,
  useDualstackEndpoint: false,
  ignoreConfiguredEndpointUrls: true,
  defaultsMode: "legacy" as const,
  requestChecksumCalculation: "WHEN_REQUIRED" as const,
  responseChecksumValidation: "WHEN_REQUIRED" as const,
  disableRequestCompression: true,
  userAgentAppId: "beaconport",
  authSchemePreference: [] as string[],
  sigv4aSigningRegionSet: [] as string[],
  logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
};

/** Builds the clients for one identity. Nothing else in Beaconport constructs an SDK client. */
export function createAwsClients(options: CreateAwsClientsOptions): AwsClients {
  const { credentials, ...connection } = options;
  return buildClients(credentials, new SharedSdkClients(connection), true, connection.onCall ? [connection.onCall] : []);
}
