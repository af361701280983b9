/**
 * Helpers for lib/aws integration tests against the in-process sandbox. Not a test file: it
 * builds models and connection options; every assertion lives in the `*.test.ts` files.
 */
import { startSandbox, type Sandbox } from "@/sandbox";
import { parseAccessModel } from "@/lib/model";
import type { AccessModel } from "@/lib/model/types";
import { createAwsClients, type AwsClients, type ConnectionOptions } from "./clients";

// The SDK warns about Node 20 on every client; noise in test output. (Test plumbing, not configuration.)
// eslint-disable-next-line no-restricted-properties
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export const HOME = "111111111111";
export const TARGETS = ["222222222222", "333333333333", "444444444444"];
export const REGIONS = ["ap-southeast-2", "eu-west-1", "us-east-1"];
export const EXTERNAL_ID = "beaconport-test-external-id-0001";

export async function startTestSandbox(options: Parameters<typeof startSandbox>[0] = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, https: false, ...options });
}

/** Fast retries: tests inject throttling and must not wait AWS-sized back-offs. */
export function sandboxConnection(sb: Sandbox, extra: Partial<ConnectionOptions> = {}): ConnectionOptions {
  return { endpoint: sb.endpoint, region: "us-east-1", retry: { maxAttempts: 10, throttlingBaseDelayMs: 10, baseDelayMs: 5, maxDelayMs: 200 }, ...extra };
}

export function adminClients(sb: Sandbox, accountId: string, extra: Partial<ConnectionOptions> = {}): AwsClients {
  const a = sb.accounts.find((x) => x.accountId === accountId);
  if (!a) throw new Error(`no sandbox account ${accountId}`);
  return createAwsClients({ ...sandboxConnection(sb, extra), credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey } });
}

export function testModel(overrides: Record<string, unknown> = {}): AccessModel {
  return parseAccessModel({ homeAccountId: HOME, targetAccountIds: TARGETS, externalId: EXTERNAL_ID, regions: REGIONS, ...overrides });
}

/** A test file's sandbox and clients for its home account (`home` with the sandbox's home credentials, `homeAdmin` as that account's administrator). */
export interface SandboxHome {
  sb: Sandbox;
  home: AwsClients;
  homeAdmin: AwsClients;
  /** Closes the clients and stops the sandbox. */
  stop(): Promise<void>;
}

export async function startSandboxHome(options: Parameters<typeof startSandbox>[0] = {}): Promise<SandboxHome> {
  const sb = await startTestSandbox(options);
  const home = createAwsClients({ ...sandboxConnection(sb), credentials: sb.home });
  const homeAdmin = adminClients(sb, HOME);
  return {
    sb,
    home,
    homeAdmin,
    async stop() {
      home.destroy();
      homeAdmin.destroy();
      await sb.stop();
    },
  };
}

/** Back to the fixture between tests: no resources an earlier test made, no injected faults, the IAM quotas the sandbox started with, an empty request log. */
export async function resetSandbox(sb: Sandbox): Promise<void> {
  await sb.control.reset();
  await sb.control.clearFaults();
  await sb.control.resetQuotas();
  await sb.control.clearRequests();
}
