/**
 * The SDK's endpoint conventions, as plain functions (no `server-only`: lib/env.ts uses them).
 * `AWS_ENDPOINT_URL` for every service, `AWS_ENDPOINT_URL_<SERVICE ID>` per service, and
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` to ignore both.
 */
export type AwsService = "iam" | "sts" | "ec2" | "rds" | "organizations";

export type EndpointOverride = string | Partial<Record<AwsService | "default", string>>;

const SERVICE_IDS: Record<AwsService, string> = { iam: "IAM", sts: "STS", ec2: "EC2", rds: "RDS", organizations: "ORGANIZATIONS" };

/** The environment variable names read by `endpointsFromEnv` (for lib/env's schema and docs). */
export const ENDPOINT_ENV_VARS = ["AWS_ENDPOINT_URL", ...Object.values(SERVICE_IDS).map((id) => `AWS_ENDPOINT_URL_${id}`), "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] as const;

export function endpointsFromEnv(env: Record<string, string | undefined>): EndpointOverride | undefined {
  if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? "").toLowerCase() === "true") return undefined;
  const map: Partial<Record<AwsService | "default", string>> = {};
  if (env.AWS_ENDPOINT_URL) map.default = env.AWS_ENDPOINT_URL;
  for (const [service, id] of Object.entries(SERVICE_IDS) as [AwsService, string][]) {
    const v = env[`AWS_ENDPOINT_URL_${id}`];
    if (v) map[service] = v;
  }
  return Object.keys(map).length ? map : undefined;
}

export function endpointFor(endpoint: EndpointOverride | undefined, service: AwsService): string | undefined {
  if (endpoint === undefined) return undefined;
  if (typeof endpoint === "string") return endpoint;
  return endpoint[service] ?? endpoint.default;
}
