import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/errors";

/** The realm Prometheus is told about in WWW-Authenticate. */
export const METRICS_REALM = "beaconport-metrics";

/**
 * The metrics door's own authorization: a bearer token from configuration, nothing else. A session cookie
 * grants nothing here (a browser visiting the portal cannot be made to scrape it), and a token in the URL
 * is refused even when it is right: URLs end up in proxy logs, browser history and Referer headers.
 *
 * Both sides are hashed before the comparison, so it takes the same time whatever the length and content
 * of the presented value (timingSafeEqual needs equal lengths; a length check would leak the length).
 */
export function authorizeScrape(request: Request, configuredToken: string | undefined): void {
  if (configuredToken === undefined) {
    throw new AppError("NOT_FOUND", "Metrics are disabled.", { hint: "Set BEACONPORT_METRICS_TOKEN to enable GET /api/metrics." });
  }
  const url = new URL(request.url);
  if (url.search !== "") {
    throw new AppError("VALIDATION", "GET /api/metrics takes no query parameters.", { hint: "Send the token in the Authorization header (Bearer), never in the URL." });
  }
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
  if (!match || !sameSecret(match[1]!, configuredToken)) {
    throw new AppError("UNAUTHENTICATED", "A valid bearer token is required.", { hint: "Send Authorization: Bearer <BEACONPORT_METRICS_TOKEN>." });
  }
}

function sameSecret(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}
