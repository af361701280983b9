import "server-only";
import { readFileSync } from "node:fs";
import type { Env } from "@/lib/env";
import type { ConnectionOptions, ProxyOptions } from "./clients";

/**
 * Connection options from the server's configuration (lib/env): the endpoint override, the request
 * timeout and the extra CA. Library code takes `ConnectionOptions` explicitly; only the edge (server
 * actions, jobs) calls this.
 */
export function connectionFromEnv(env: Env, extra: { proxy?: ProxyOptions; onCall?: ConnectionOptions["onCall"] } = {}): ConnectionOptions {
  return {
    endpoint: env.aws.endpoint,
    timeouts: { requestMs: env.aws.requestTimeoutMs },
    caPem: env.aws.caFile ? readFileSync(env.aws.caFile, "utf8") : undefined,
    ...extra,
  };
}
