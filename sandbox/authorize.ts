/**
 * Request authorization with AWS's evaluation logic, delegated to @cloud-copilot/iam-simulate
 * (default deny, explicit deny wins, Action/NotAction, Resource/NotResource, wildcards, every
 * condition operator, cross-account requests needing both identity and resource policy).
 */
import { createHash } from "node:crypto";
import { isWildcardOnlyAction, runSimulation } from "@cloud-copilot/iam-simulate";

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface AuthorizationRequest {
  principalArn: string;
  principalAccount: string;
  /** `service:Action`. */
  action: string;
  resourceArn: string;
  resourceAccount: string;
  identityPolicies: { name: string; text: string }[];
  /** A resource policy, e.g. a role trust policy for `sts:AssumeRole`. */
  resourcePolicy?: string;
  context?: Record<string, string | string[]>;
}

// Parsed documents are cached by text: the same few policies are evaluated on every request.
const parsedCache = new Map<string, unknown>();
const PARSED_CACHE_LIMIT = 2_000;

function parse(text: string): unknown {
  let value = parsedCache.get(text);
  if (value === undefined) {
    value = JSON.parse(text) as unknown;
    if (parsedCache.size >= PARSED_CACHE_LIMIT) parsedCache.clear();
    parsedCache.set(text, value);
  }
  return value;
}

const wildcardOnly = new Map<string, Promise<boolean>>();

/** Actions without resource-level permissions are evaluated against "*", as AWS does. */
function isWildcardOnly(action: string): Promise<boolean> {
  let answer = wildcardOnly.get(action);
  if (!answer) {
    const [service = "", name = ""] = action.split(":");
    answer = isWildcardOnlyAction(service, name).catch(() => false);
    wildcardOnly.set(action, answer);
  }
  return answer;
}

/**
 * A request resource like `arn:aws:rds:us-east-1:123456789012:db:*` (an unfiltered describe) is a
 * literal string to AWS: only policy patterns that match the characters `*` cover it. The library
 * would read it as a pattern and ask "is any matching resource allowed?", so we substitute a name
 * that no RDS/IAM identifier can have; only patterns that match any name (`*`, `?*`, ...) match it.
 */
const LITERAL_WILDCARD = "__all__";

// Evaluation is a pure function of its inputs, and benchmarks repeat the same few requests
// thousands of times: decisions are memoized by a digest of their complete input (a digest, so
// that the cache's memory stays small however large the policies are).
const decisionCache = new Map<string, Decision>();
const DECISION_CACHE_LIMIT = 50_000;

export async function authorize(request: AuthorizationRequest): Promise<Decision> {
  const key = createHash("sha256")
    .update(JSON.stringify([
      request.principalArn, request.principalAccount, request.action, request.resourceArn, request.resourceAccount,
      request.identityPolicies.map((p) => p.text), request.resourcePolicy ?? null, request.context ?? null,
    ]))
    .digest("base64");
  const cached = decisionCache.get(key);
  if (cached) return cached;
  const decision = await evaluate(request);
  if (decisionCache.size >= DECISION_CACHE_LIMIT) decisionCache.clear();
  decisionCache.set(key, decision);
  return decision;
}

async function evaluate(request: AuthorizationRequest): Promise<Decision> {
  const resourceArn = (await isWildcardOnly(request.action))
    ? "*"
    : request.resourceArn === "*"
      ? "*"
      : request.resourceArn.replaceAll("*", LITERAL_WILDCARD);
  const context: Record<string, string | string[]> = {
    "aws:PrincipalArn": principalArnForContext(request.principalArn),
    "aws:PrincipalAccount": request.principalAccount,
    "aws:SecureTransport": "true",
    ...request.context,
  };
  const result = await runSimulation(
    {
      request: {
        principal: request.principalArn,
        action: request.action,
        resource: { resource: resourceArn, accountId: request.resourceAccount },
        contextVariables: context,
      },
      identityPolicies: request.identityPolicies.map((p) => ({ name: p.name, policy: parse(p.text) })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.resourcePolicy === undefined ? undefined : parse(request.resourcePolicy),
    },
    {},
  );
  if (result.resultType === "error") {
    // A malformed stored document or an action/resource pair the library does not know:
    // refuse rather than allow, and say why on the sandbox's own console.
    console.error(`[sandbox] authorization error for ${request.action} on ${resourceArn}: ${JSON.stringify(result.errors)}`);
    return "ImplicitlyDenied";
  }
  return result.overallResult as Decision;
}

/** `aws:PrincipalArn` of a role session is the role's ARN, not the session's. */
function principalArnForContext(arn: string): string {
  const m = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return m ? `arn:aws:iam::${m[1]}:role/${m[2]}` : arn;
}
