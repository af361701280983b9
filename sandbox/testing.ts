/**
 * Helpers for tests that drive the sandbox with the real AWS SDK v3 clients. Not a test file:
 * it only builds clients; every assertion lives in the `*.test.ts` files.
 */
import { readFileSync } from "node:fs";
import https from "node:https";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { RDSClient } from "@aws-sdk/client-rds";
import { STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { Sandbox } from "./index";

// The SDK warns on every client about Node 20 support; the warning is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ClientOptions {
  region?: string;
  https?: boolean;
  maxAttempts?: number;
  systemClockOffset?: number;
}

export function clientsFor(sandbox: Sandbox, credentials: Credentials, options: ClientOptions = {}) {
  const useHttps = options.https ?? false;
  const endpoint = useHttps ? sandbox.httpsEndpoint : sandbox.endpoint;
  if (!endpoint) throw new Error("sandbox started without that transport");
  const requestHandler = useHttps
    ? new NodeHttpHandler({ httpsAgent: new https.Agent({ ca: readFileSync(sandbox.caFile!, "utf8"), keepAlive: true }) })
    : undefined;
  const config = {
    endpoint,
    region: options.region ?? "us-east-1",
    credentials,
    maxAttempts: options.maxAttempts ?? 3,
    ...(requestHandler ? { requestHandler } : {}),
    ...(options.systemClockOffset !== undefined ? { systemClockOffset: options.systemClockOffset } : {}),
  };
  return {
    iam: new IAMClient(config),
    sts: new STSClient(config),
    ec2: new EC2Client(config),
    rds: new RDSClient(config),
    organizations: new OrganizationsClient(config),
  };
}

export function adminOf(sandbox: Sandbox, accountId: string): Credentials {
  const account = sandbox.accounts.find((a) => a.accountId === accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  return { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey };
}

/** The error an SDK call rejects with (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata?: { httpStatusCode?: number } };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function policy(statements: object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
