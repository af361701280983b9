import type { NextConfig } from "next";
import { ACTION_BODY_LIMIT } from "./lib/actions/request-guard";
import { publicOriginOf } from "./lib/env";
import { readBuildInfo } from "./scripts/lib/build-freshness";

/**
 * Evaluated by `next build` and again by every `next start`, so the values below that come from the
 * environment or from the build's record apply at run time without a rebuild.
 */

// The id `npm run build` gave this build (scripts/build.ts passes NEXT_DEPLOYMENT_ID to `next build`, which
// takes precedence there); `next start` reads it back so server and browser agree on it.
const deploymentId = readBuildInfo(import.meta.dirname)?.deploymentId;

// Behind a proxy that rewrites Host (e.g. nginx's `proxy_set_header Host $host` drops the port), the
// browser's Origin differs from the Host Next sees: BEACONPORT_URL (lib/env.ts validates it) is the origin
// server actions accept besides the request's own host.
function publicOriginHost(): string[] {
  const origin = publicOriginOf();
  return origin ? [origin.host] : [];
}

const config: NextConfig = {
  deploymentId,
  // Native modules and the generated Prisma client stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@node-rs/argon2", "prom-client"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc --noEmit) as a stage of its own; doing it again in
  // every build would only slow `npm start` down on a fresh clone.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // forbidden() from next/navigation: pages answer 403 rather than redirecting a signed-in reviewer.
    authInterrupts: true,
    // The body limit is stated once (lib/actions/request-guard.ts): proxy.ts answers 413 above it before Next reads the body.
    serverActions: { allowedOrigins: publicOriginHost(), bodySizeLimit: ACTION_BODY_LIMIT },
  },
  // Security headers (CSP with a per-request nonce, HSTS, Permissions-Policy, ...) are set in proxy.ts,
  // which sees every request: headers() here would also overwrite what a route sets for itself (the
  // connection details download's Referrer-Policy: no-referrer and its own CSP). What the proxy's matcher
  // skips (static chunks, icons) gets nosniff here.
  async headers() {
    return [{ source: "/:path(_next/static/.*|_next/image.*|favicon.ico|icon.svg|robots.txt)", headers: [{ key: "X-Content-Type-Options", value: "nosniff" }] }];
  },
};

export default config;
