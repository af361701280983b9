import "server-only";
import { withApiSecurityHeaders } from "@/lib/actions/api-headers";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, httpStatusOf, toPublicError } from "@/lib/errors";
import { log, logUnexpected } from "@/lib/log";
import { authorizeScrape, METRICS_REALM } from "./authorize-scrape";
import { renderMetrics } from "./render-metrics";

/**
 * GET /api/metrics. Not `route()`: that wrapper admits signed-in users, and this door admits a machine with
 * the configured bearer token only. It re-checks the token on every request, like route() re-checks the session.
 */
export async function handleMetricsRequest(request: Request): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  try {
    const { token, accountLabels } = env().metrics;
    try {
      authorizeScrape(request, token);
    } catch (error) {
      if (error instanceof AppError && error.code === "UNAUTHENTICATED") {
        // Never the presented value: a near-miss token is still a secret.
        log.warn("metrics.unauthorized", { ip: clientIpFrom(request.headers), hadAuthorization: request.headers.has("authorization") });
      }
      throw error;
    }
    const { body, contentType } = await renderMetrics({ db: getDb(), accountLabels });
    return withApiSecurityHeaders(request, new Response(body, { status: 200, headers: { ...headers, "content-type": contentType } }));
  } catch (error) {
    const pub = toPublicError(error, logUnexpected);
    const status = httpStatusOf(pub.code);
    const extra: Record<string, string> = status === 401 ? { "www-authenticate": `Bearer realm="${METRICS_REALM}"` } : {};
    return withApiSecurityHeaders(request, Response.json({ error: pub }, { status, headers: { ...headers, ...extra } }));
  }
}
