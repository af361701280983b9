/**
 * The sandbox engine: authenticates a signed request, applies faults, dispatches to the
 * service handler and logs the call. Transport-agnostic (the HTTP layer feeds it bytes).
 */
import type { IncomingHttpHeaders } from "node:http";
import { CallContext, Params, type Handler } from "./context";
import { AwsError } from "./errors";
import { FaultEngine } from "./faults";
import { requestId as newRequestId } from "./ids";
import { commonErrors, errorResponse, isServiceName, SERVICES, successResponse, type ServiceName, type WireResponse } from "./protocol";
import { RequestLog } from "./request-log";
import { ec2Handlers } from "./services/ec2";
import { iamHandlers } from "./services/iam";
import { organizationsHandlers } from "./services/organizations";
import { rdsHandlers } from "./services/rds";
import { stsHandlers } from "./services/sts";
import { Quotas, type QuotaSettings } from "./quotas";
import { formatAmzDate, parseAmzDate, parseAuthorization, verifySignature } from "./sigv4";
import { SandboxState, type Account, type Principal } from "./state";
import type { FaultConfig, SandboxFixture } from "./types";

const HANDLERS: Record<ServiceName, Record<string, Handler>> = {
  iam: iamHandlers,
  sts: stsHandlers,
  ec2: ec2Handlers,
  rds: rdsHandlers,
  organizations: organizationsHandlers,
};

/** AWS refuses signatures more than 5 minutes away from its clock. */
const MAX_SKEW_MS = 5 * 60 * 1000;
const SESSION_GRACE_MS = 60 * 60 * 1000;
const MAX_SESSIONS = 200_000;

export interface IncomingAwsRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Service for requests we cannot attribute by signature (unsigned or malformed). */
function guessService(req: IncomingAwsRequest): ServiceName {
  const target = header(req.headers, "x-amz-target");
  if (target?.startsWith("AWSOrganizations")) return "organizations";
  const host = header(req.headers, "host") ?? "";
  for (const s of Object.keys(SERVICES) as ServiceName[]) if (host.startsWith(`${s}.`)) return s;
  return "iam";
}

export class SandboxEngine {
  state: SandboxState;
  readonly faults: FaultEngine;
  readonly quotas: Quotas;
  readonly log = new RequestLog();
  private fixture: SandboxFixture;

  constructor(
    fixture: SandboxFixture,
    readonly clock: () => number,
    faults?: FaultConfig,
    quotas?: QuotaSettings,
  ) {
    this.fixture = structuredClone(fixture);
    this.state = new SandboxState(this.fixture, clock());
    this.faults = new FaultEngine(faults);
    this.quotas = new Quotas(quotas);
  }

  /** Back to the fixture (plus accounts added through the control API); faults, quotas and log kept. */
  reset(): void {
    this.state = new SandboxState(this.fixture, this.clock());
  }

  /** Adds an account to the fixture and to the live state. */
  addAccount(spec: SandboxFixture["accounts"][number]): Account {
    const account = this.state.addAccount(spec, this.clock());
    this.fixture.accounts.push(structuredClone(spec));
    return account;
  }

  sweep(): void {
    this.state.sweepSessions(this.clock(), SESSION_GRACE_MS, MAX_SESSIONS);
  }

  async handle(req: IncomingAwsRequest): Promise<WireResponse> {
    const started = performance.now();
    const requestId = newRequestId();
    const auth = parseAuthorization(header(req.headers, "authorization"));
    const service: ServiceName = auth && isServiceName(auth.service) ? auth.service : guessService(req);
    const spec = SERVICES[service];
    let action = "Unknown";
    let principal: Principal | undefined;
    let response: WireResponse;
    try {
      const qIndex = req.url.indexOf("?");
      const rawPath = qIndex < 0 ? req.url : req.url.slice(0, qIndex);
      const rawQuery = qIndex < 0 ? "" : req.url.slice(qIndex + 1);
      let params = new Params(new URLSearchParams(rawQuery));
      let json: Record<string, unknown> = {};
      if (spec.family === "json") {
        const target = header(req.headers, "x-amz-target") ?? "";
        action = target.startsWith(`${spec.jsonTarget}.`) ? target.slice(spec.jsonTarget!.length + 1) : "Unknown";
        if (req.body.length) {
          try {
            const parsed = JSON.parse(req.body.toString("utf8")) as unknown;
            if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
          } catch {
            throw new AwsError("SerializationException", "Malformed request body", 400);
          }
        }
      } else {
        const merged = new URLSearchParams(rawQuery);
        for (const [k, v] of new URLSearchParams(req.body.toString("utf8"))) merged.set(k, v);
        params = new Params(merged);
        action = params.get("Action") ?? "Unknown";
      }

      const latency = this.faults.latencyFor(service, action);
      if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));

      const now = this.clock();
      if (!auth) throw commonErrors.missingAuthentication(spec.family);
      const authenticated = this.authenticate(req, rawPath, rawQuery, auth, spec.family, now);
      principal = authenticated.principal;

      if (this.faults.throttled(principal.accountId, service, action, now)) throw commonErrors.throttling(spec.family);
      const scripted = this.faults.scripted(principal.accountId, service, action);
      if (scripted) throw scripted;

      const handler = HANDLERS[service][action];
      if (!handler) throw commonErrors.unknownAction(spec.family, action, spec.version);
      const ctx = new CallContext(this.state, this.faults, this.quotas, now, service, action, auth.region, principal, authenticated.account, params, json);
      const result = await handler(ctx);
      response = successResponse(service, action, result, requestId);
    } catch (error) {
      const awsError =
        error instanceof AwsError
          ? error
          : (console.error(`[sandbox] internal error in ${service}:${action} (${requestId}):`, error),
            new AwsError("InternalFailure", `The request processing has failed because of an unknown error (request ${requestId}).`, 500));
      response = errorResponse(spec.family, awsError, requestId, spec.xmlns);
    }
    response.headers.date = new Date(this.clock()).toUTCString();
    this.log.add({
      time: new Date(this.clock()).toISOString(),
      requestId,
      // For refused credentials, the account the key belongs to (if any): tests count calls per account.
      accountId: principal?.accountId ?? (auth ? this.keyAccount(auth.accessKeyId) : undefined),
      principalArn: principal?.arn,
      accessKeyId: auth?.accessKeyId,
      service,
      action,
      region: auth?.region,
      outcome: response.status < 300 ? "ok" : errorCode(response),
      httpStatus: response.status,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
    });
    return response;
  }

  private keyAccount(accessKeyId: string): string | undefined {
    return this.state.accessKeys.get(accessKeyId)?.accountId ?? this.state.sessions.get(accessKeyId)?.accountId;
  }

  private authenticate(
    req: IncomingAwsRequest,
    rawPath: string,
    rawQuery: string,
    auth: NonNullable<ReturnType<typeof parseAuthorization>>,
    family: "query" | "ec2" | "json",
    now: number,
  ): { principal: Principal; account: Account } {
    const amzDate = header(req.headers, "x-amz-date");
    if (!amzDate || Number.isNaN(parseAmzDate(amzDate))) throw commonErrors.missingAuthentication(family);

    let secret: string;
    let principal: Principal;
    const key = this.state.accessKeys.get(auth.accessKeyId);
    if (key) {
      const account = this.state.accounts.get(key.accountId);
      const user = account?.users.get(key.userName.toLowerCase());
      // Inactive keys and keys still propagating are unknown to AWS's authentication.
      if (!account || !user || !user.accessKeys.includes(key) || key.status !== "Active" || now < key.effectiveAt) {
        throw commonErrors.unknownKey(family);
      }
      secret = key.secretAccessKey;
      principal = { kind: "user", accountId: account.id, arn: user.arn, userId: user.id, user, accessKeyId: key.accessKeyId };
    } else {
      const session = this.state.sessions.get(auth.accessKeyId);
      if (!session || header(req.headers, "x-amz-security-token") !== session.sessionToken) throw commonErrors.unknownKey(family);
      secret = session.secretAccessKey;
      principal = {
        kind: "role-session",
        accountId: session.accountId,
        arn: session.arn,
        userId: `${session.roleId}:${session.sessionName}`,
        roleName: session.roleName,
        roleArn: session.roleArn,
        session,
        accessKeyId: session.accessKeyId,
      };
    }

    const signatureOk =
      auth.scopeDate === amzDate.slice(0, 8) &&
      verifySignature({
        method: req.method,
        path: rawPath,
        query: rawQuery,
        headers: req.headers,
        body: req.body,
        auth,
        amzDate,
        secretAccessKey: secret,
      });
    if (!signatureOk) throw commonErrors.badSignature(family);

    const signedAt = parseAmzDate(amzDate);
    if (signedAt < now - MAX_SKEW_MS) {
      throw commonErrors.clockSkew(family, `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - MAX_SKEW_MS)} (${formatAmzDate(now)} - 5 min.)`);
    }
    if (signedAt > now + MAX_SKEW_MS) {
      throw commonErrors.clockSkew(family, `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + MAX_SKEW_MS)} (${formatAmzDate(now)} + 5 min.)`);
    }
    if (principal.kind === "role-session" && now >= principal.session.expiration) throw commonErrors.expiredToken(family);

    if (key) key.lastUsed = { date: new Date(now), service: auth.service, region: auth.region };
    return { principal, account: this.state.accounts.get(principal.accountId)! };
  }
}

function errorCode(response: WireResponse): string {
  const fromHeader = response.headers["x-amzn-errortype"];
  if (fromHeader) return fromHeader;
  return /<Code>([^<]+)<\/Code>/.exec(response.body)?.[1] ?? `HTTP${response.status}`;
}
