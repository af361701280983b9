import { NextResponse, type NextRequest } from "next/server";
import { checkActionRequest, checkRequestPath } from "@/lib/actions/request-guard";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { checkRequestHost, isSecureRequest, missesForwardedProto, noteMissingForwardedProto } from "@/lib/request-origin";
import { newNonce, securityHeaders } from "@/lib/security-headers";

/** Prometheus' door: its own bearer token (lib/metrics), no session cookie, any Host (see route()). */
const METRICS = /^\/api\/metrics$/;

/**
 * Optimistic only: sends visitors without a session cookie to the sign-in page before any rendering.
 * It proves nothing: every page, action and route handler re-checks the session against the database.
 */
const PUBLIC = [/^\/login(\/|$)/, /^\/setup(\/|$)/, /^\/set-password(\/|$)/, /^\/api\/auth(\/|$)/, /^\/api\/health$/, METRICS];
const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

export async function proxy(request: NextRequest): Promise<Response> {
  const nonce = newNonce();
  const headers = securityHeaders({ nonce, development: env().nodeEnv === "development", secure: isSecureRequest(request.headers, env().publicOrigin) });
  const response = await route(request, headers);
  // A forwarded API request: headers set here would override the handler's own (Next applies the
  // proxy's last), so the route wrapper sets API defaults itself (lib/actions/api-headers.ts).
  if (request.nextUrl.pathname.startsWith("/api/") && response.headers.get("x-middleware-next") === "1") return response;
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

async function route(request: NextRequest, security: Record<string, string>): Promise<Response> {
  const { pathname, search } = request.nextUrl;
  // Not optimistic: a request naming another host is refused here, before any page, action or route
  // (DNS rebinding; see lib/request-origin.ts). This is the only place that sees every request.
  const publicOrigin = env().publicOrigin;
  // Prometheus scrapes each instance at its own address (its process counters differ), a name BEACONPORT_URL
  // does not list. The metrics door needs the bearer token and reads no cookie, so a rebound browser gains
  // nothing there; every other path keeps the check.
  const host = METRICS.test(pathname) ? { ok: true as const } : checkRequestHost(request.headers, publicOrigin);
  if (!host.ok) {
    const expected = publicOrigin ? publicOrigin.host : "localhost or 127.0.0.1";
    return new NextResponse(`Misdirected request: this Beaconport answers as ${expected} only. Operators: set BEACONPORT_URL to the address people use.\n`, {
      status: 421,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  if (missesForwardedProto(request.headers, publicOrigin) && noteMissingForwardedProto()) {
    log.warn("deploy.forwarded_proto_missing", { detail: "BEACONPORT_URL is https but the request came without X-Forwarded-Proto: https; cookies stay Secure, fix the proxy" });
  }
  // Malformed paths and action bodies answer 400/413 here, before Next would turn them into a 500
  // (lib/actions/request-guard.ts).
  const refused = checkRequestPath(pathname) ?? (await checkActionRequest(request));
  if (refused) return refused;
  // Next reads the nonce for its own inline scripts from the request's CSP header (its CSP guide).
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", security["Content-Security-Policy"]!);
  const next = () => NextResponse.next({ request: { headers: forwarded } });
  if (PUBLIC.some((re) => re.test(pathname))) return next();
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return next();
  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, { status: 401 });
  }
  const url = request.nextUrl.clone();
  url.pathname = "/login";
  url.search = "";
  if (pathname !== "/") url.searchParams.set("callbackUrl", pathname + search);
  return NextResponse.redirect(url);
}

export const config = {
  // Everything but static assets; server actions POST to page paths and are covered too.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
