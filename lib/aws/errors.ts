/**
 * Every failure that leaves lib/aws is an `AwsOperationError`: a stable code the portal maps to
 * its own `AppError`, the AWS error code, and a cause and fix in plain language.
 *
 * Pure module (no `server-only`): it holds no secret, and the cause/fix catalogue is useful to CLIs.
 * It never keeps the raw SDK error: SDK errors carry the HTTP response object, and we do not want
 * a careless `console.error(err)` further up to print more than the sanitized fields below.
 */
import { redactSecrets } from "./redact";

export type AwsErrorCode =
  | "AWS_ACCESS_DENIED"
  | "AWS_THROTTLED"
  | "AWS_NOT_FOUND"
  | "AWS_INVALID_CREDENTIALS"
  | "AWS_NETWORK"
  | "AWS_PROXY_AUTH"
  | "AWS_CONFLICT"
  | "AWS_LIMIT_EXCEEDED"
  | "AWS_VALIDATION"
  | "AWS_ERROR";

export interface AwsErrorInfo {
  code: AwsErrorCode;
  /** The code AWS (or the network layer) reported, e.g. `AccessDenied`, `NoSuchEntity`, `ECONNREFUSED`. */
  awsCode: string;
  /** `service:Operation`, e.g. `sts:AssumeRole`, when known. */
  action?: string;
  httpStatus?: number;
  requestId?: string;
  /** Retries made before giving up (1 = no retry). */
  attempts?: number;
  /** True when the retry strategy gave up on a retryable error (throttling, timeouts). */
  gaveUp?: boolean;
  /** Plain-language explanation of what most likely went wrong. */
  cause: string;
  /** What to do about it. */
  fix: string;
}

export class AwsOperationError extends Error implements AwsErrorInfo {
  readonly code: AwsErrorCode;
  readonly awsCode: string;
  readonly action?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly attempts?: number;
  readonly gaveUp?: boolean;
  readonly cause: string;
  readonly fix: string;

  constructor(info: AwsErrorInfo & { message: string }) {
    super(redactSecrets(info.message));
    this.name = "AwsOperationError";
    this.code = info.code;
    this.awsCode = info.awsCode;
    this.action = info.action;
    this.httpStatus = info.httpStatus;
    this.requestId = info.requestId;
    this.attempts = info.attempts;
    this.gaveUp = info.gaveUp;
    this.cause = redactSecrets(info.cause);
    this.fix = redactSecrets(info.fix);
  }

  /** Plain data for events, the database and the browser. */
  toJSON(): AwsErrorInfo & { message: string } {
    return {
      message: this.message,
      code: this.code,
      awsCode: this.awsCode,
      action: this.action,
      httpStatus: this.httpStatus,
      requestId: this.requestId,
      attempts: this.attempts,
      gaveUp: this.gaveUp,
      cause: this.cause,
      fix: this.fix,
    };
  }
}

/** The shape of SDK v3 errors we read; everything optional because anything can be thrown. */
interface SdkErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $retryable?: unknown;
}

// Query-protocol SDKs name modelled errors `XxxException` while the wire code is `Xxx`.
const EXCEPTION_SUFFIXED = new Set([
  "NoSuchEntity",
  "EntityAlreadyExists",
  "LimitExceeded",
  "DeleteConflict",
  "MalformedPolicyDocument",
  "InvalidInput",
  "ServiceFailure",
  "ConcurrentModification",
  "UnmodifiableEntity",
  "PolicyNotAttachable",
  "EntityTemporarilyUnmodifiable",
  "PackedPolicyTooLarge",
  "ExpiredToken",
  "RegionDisabled",
  "InvalidIdentityToken",
]);

/** The AWS error code of anything thrown by an SDK call (or a Node network error). */
export function awsErrorCode(err: unknown): string {
  if (err instanceof AwsOperationError) return err.awsCode;
  if (typeof err !== "object" || err === null) return "Unknown";
  const e = err as SdkErrorLike;
  if (typeof e.Code === "string" && e.Code) return e.Code;
  if (typeof e.code === "string" && e.code) return e.code;
  if (typeof e.name === "string" && e.name) {
    const bare = e.name.endsWith("Exception") ? e.name.slice(0, -"Exception".length) : e.name;
    if (EXCEPTION_SUFFIXED.has(bare)) return bare;
    return e.name;
  }
  return "Unknown";
}

export function httpStatusOf(err: unknown): number | undefined {
  if (err instanceof AwsOperationError) return err.httpStatus;
  if (typeof err !== "object" || err === null) return undefined;
  return (err as SdkErrorLike).$metadata?.httpStatusCode;
}

const THROTTLING_CODES = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
  "BandwidthLimitExceeded",
]);

export function isThrottlingCode(code: string): boolean {
  return THROTTLING_CODES.has(code);
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "TimeoutError",
  "RequestTimeout",
  "AbortError",
]);

const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

interface Explanation {
  code: AwsErrorCode;
  cause: string;
  fix: string;
}

/**
 * The possible reasons AWS refuses `sts:AssumeRole`. AWS answers the same generic `AccessDenied`
 * for all of them (deliberately, so that callers cannot probe roles), so we list them all unless a
 * caller can narrow it down (see the connection test's diagnosis).
 */
export const ASSUME_ROLE_DENIED_CAUSES = [
  "the role ARN is not listed exactly in the user's read-roles policy (procedure step 3.8)",
  "the role does not exist in the target account, or has another name or path (step 4)",
  "the role's trust policy does not name the home account as principal (step 4.4)",
  "the external ID does not match the one in the role's trust policy, or one is required but none was sent (steps 4.5 and 8.3)",
  "the role or the policy was created moments ago and IAM has not propagated it yet",
] as const;

function explain(awsCode: string, action: string | undefined, httpStatus: number | undefined, attempts?: number): Explanation {
  if (httpStatus === 407 || awsCode === "ProxyAuthenticationRequired") {
    return {
      code: "AWS_PROXY_AUTH",
      cause: "The proxy server refused the request: its username or password is wrong or missing (HTTP 407).",
      fix: "Check the proxy username and password in the connection settings (procedure step 8.4).",
    };
  }
  if (awsCode === "EADDRNOTALLOWED" || awsCode === "ProxyNotAllowed") {
    return {
      code: "AWS_NETWORK",
      cause: "The proxy server's address is a link-local, cloud metadata or unspecified address; the portal never connects there.",
      fix: "Enter the proxy's own address (a private, loopback or public address) in the connection settings (procedure step 8.4).",
    };
  }
  if (isThrottlingCode(awsCode)) {
    return {
      code: "AWS_THROTTLED",
      cause: "AWS throttled the requests (rate exceeded) and the retries with back-off did not get through.",
      fix: "Run again later, or lower the concurrency across accounts.",
    };
  }
  if (TLS_CODES.has(awsCode)) {
    return {
      code: "AWS_NETWORK",
      cause: "The TLS certificate of the endpoint could not be verified.",
      fix: "If a TLS-inspecting proxy or a private endpoint is in use, provide its CA certificate.",
    };
  }
  if (NETWORK_CODES.has(awsCode)) {
    return {
      code: "AWS_NETWORK",
      cause: "The AWS endpoint (or the proxy) could not be reached or did not answer in time.",
      fix: "Check the network path to AWS, the proxy server address and port, and any firewall in between.",
    };
  }
  switch (awsCode) {
    case "AccessDenied":
    case "AccessDeniedException":
    case "UnauthorizedOperation":
    case "AuthFailure":
      if (action === "sts:AssumeRole") {
        return {
          code: "AWS_ACCESS_DENIED",
          cause: `AWS refused to let this identity assume the role. Possible causes: ${ASSUME_ROLE_DENIED_CAUSES.join("; ")}.`,
          fix: "Check that the exact role ARN is in the read-roles policy, that the role exists with the home account as trusted principal, and that the external ID matches.",
        };
      }
      return {
        code: "AWS_ACCESS_DENIED",
        cause: `The identity is not allowed to call ${action ?? "this operation"}.`,
        fix: `Grant ${action ?? "the action"} in the policy attached to this identity (as a managed policy), or use credentials that have it.`,
      };
    case "InvalidClientTokenId":
    case "UnrecognizedClientException":
      return {
        code: "AWS_INVALID_CREDENTIALS",
        cause: "AWS does not recognise the access key ID: it is wrong, deleted, or was created moments ago and has not propagated yet.",
        fix: "Check the access key ID; if the key is new, wait a minute and try again.",
      };
    case "SignatureDoesNotMatch":
    case "IncompleteSignature":
      return {
        code: "AWS_INVALID_CREDENTIALS",
        cause: "The secret access key does not match the access key ID (the request signature was rejected).",
        fix: "Paste the secret access key again, exactly as shown when the key was created.",
      };
    case "ExpiredToken":
    case "ExpiredTokenException":
    case "RequestExpired":
      return {
        code: "AWS_INVALID_CREDENTIALS",
        cause: "The temporary credentials (session token) have expired, or the machine's clock is off by more than five minutes.",
        fix: "Use fresh credentials and check that the clock is synchronised.",
      };
    case "InvalidAccessKeyId":
    case "OptInRequired":
      return {
        code: "AWS_INVALID_CREDENTIALS",
        cause: "The credentials are not valid for this account or region.",
        fix: "Check the access key and that the region is enabled for the account.",
      };
    case "NoSuchEntity":
    case "NotFound":
    case "DBInstanceNotFound":
    case "AccountNotFoundException":
      return {
        code: "AWS_NOT_FOUND",
        cause: "The IAM entity (user, role, policy or version) does not exist.",
        fix: "Create it (run the rollout) or correct the name.",
      };
    case "EntityAlreadyExists":
      return {
        code: "AWS_CONFLICT",
        cause: "An entity with this name already exists (IAM names are unique regardless of case).",
        fix: "Reuse the existing entity or choose another name.",
      };
    case "DeleteConflict":
    case "ConcurrentModification":
    case "EntityTemporarilyUnmodifiable":
      return {
        code: "AWS_CONFLICT",
        cause: "The entity is in use or being changed by someone else.",
        fix: "Detach it first, or wait a moment and run again.",
      };
    case "LimitExceeded":
      if (action === "iam:CreateAccessKey") {
        return {
          code: "AWS_LIMIT_EXCEEDED",
          cause: "The user already has two access keys, the most IAM allows.",
          fix: "Deactivate and delete the older key, then create a new one.",
        };
      }
      if (action === "iam:CreatePolicyVersion") {
        return {
          code: "AWS_LIMIT_EXCEEDED",
          cause: "The policy already stores five versions, the most IAM allows.",
          fix: "Delete the oldest non-default version, then try again.",
        };
      }
      return {
        code: "AWS_LIMIT_EXCEEDED",
        cause: "An IAM quota was reached.",
        fix: "Remove unused entities or request a quota increase.",
      };
    case "MalformedPolicyDocument":
      return {
        code: "AWS_VALIDATION",
        cause: "IAM rejected the policy document (invalid JSON, unknown element, or over the size limit).",
        fix: "Check the generated document; if many accounts are listed, the read-roles policy must be split.",
      };
    case "ValidationError":
    case "InvalidInput":
    case "InvalidParameterValue":
    case "InvalidParameterCombination":
    case "MissingParameter":
      return {
        code: "AWS_VALIDATION",
        cause: "AWS rejected a parameter of the request.",
        fix: "Check names, paths and IDs for characters and lengths IAM allows.",
      };
    case "AWSOrganizationsNotInUseException":
      return {
        code: "AWS_NOT_FOUND",
        cause: "This account is not part of an AWS Organization.",
        fix: "Enter the target account IDs by hand.",
      };
    default:
      if (httpStatus !== undefined && httpStatus >= 500) {
        const call = action ?? "the call";
        // The SDK retries a 5xx: several attempts that all ended this way are no passing hiccup.
        const repeated = attempts !== undefined && attempts > 1;
        return {
          code: "AWS_ERROR",
          cause: `AWS answered ${call} with HTTP ${httpStatus} (${awsCode}), an error on the endpoint's side${repeated ? `, on each of ${attempts} attempts` : ""}.`,
          fix: repeated ? repeatedServerErrorFix(call) : TRANSIENT_SERVER_ERROR_FIX,
        };
      }
      return {
        code: "AWS_ERROR",
        cause: "AWS refused the request.",
        fix: "See the AWS error code for details.",
      };
  }
}

/** The fix for a single 5xx, which may be a passing hiccup. */
export const TRANSIENT_SERVER_ERROR_FIX = "Run again in a moment.";

/** The fix for a 5xx that came back every time (retries, regions, runs): waiting will not help. */
export function repeatedServerErrorFix(call: string): string {
  return `The endpoint may not support ${call} (a private endpoint, an emulator or a proxy that does not implement it): check the endpoint and the proxy, or ask their operator.`;
}

/**
 * Turns anything thrown by an SDK call into an `AwsOperationError`. The AWS message is kept
 * (it names ARNs and actions, which helps) after redacting anything that looks like a secret.
 */
export function toAwsOperationError(err: unknown, context: { action?: string; maxAttempts?: number } = {}): AwsOperationError {
  if (err instanceof AwsOperationError) return err;
  const awsCode = awsErrorCode(err);
  const e = (typeof err === "object" && err !== null ? err : {}) as SdkErrorLike;
  const httpStatus = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  const retryable = isThrottlingCode(awsCode) || NETWORK_CODES.has(awsCode) || (httpStatus !== undefined && httpStatus >= 500);
  const gaveUp = retryable && attempts !== undefined && context.maxAttempts !== undefined && attempts >= context.maxAttempts;
  const explanation = explain(awsCode, context.action, httpStatus, attempts);
  const rawMessage = typeof e.message === "string" && e.message && e.message !== "UnknownError" ? e.message : awsCode;
  const where = context.action ? `${context.action}: ` : "";
  const retryNote = gaveUp ? ` (gave up after ${attempts} attempts)` : "";
  return new AwsOperationError({
    ...explanation,
    message: `${where}${awsCode}${rawMessage !== awsCode ? ` — ${rawMessage}` : ""}${retryNote}`,
    awsCode,
    action: context.action,
    httpStatus,
    requestId: e.$metadata?.requestId,
    attempts,
    gaveUp: gaveUp || undefined,
  });
}
