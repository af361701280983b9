/**
 * The security headers every response gets, set in proxy.ts (the one place that sees every request and
 * can make a per-request nonce). Pure and not `server-only`: proxy.ts imports it, and so does its test.
 *
 * CSP follows Next's nonce guide (docs/01-app/02-guides/content-security-policy): the proxy puts the
 * policy on the *request* too, Next reads the nonce from it and stamps its own inline scripts, and the
 * root layout reads headers() so every page renders per request (a prerendered page would carry no nonce).
 * `'strict-dynamic'` lets those scripts load Next's chunks. `style-src` keeps `'unsafe-inline'`: React's
 * `style={...}` attributes cannot carry a nonce, and injected CSS cannot run script.
 */
export interface SecurityHeaderOptions {
  nonce: string;
  /** `next dev` needs eval for React's debugging; a production build never gets it. */
  development: boolean;
  /** Served over HTTPS (lib/request-origin.ts isSecureRequest): HSTS and upgrade-insecure-requests. */
  secure: boolean;
}

export function contentSecurityPolicy({ nonce, development, secure }: SecurityHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(secure ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

// Features the portal never uses; denying them means a injected frame or script cannot ask for them.
export const PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";
// One year; no includeSubDomains or preload: the portal's public name is the operator's, its siblings are not ours to pin.
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000";

/** The headers for one response. Route handlers that set one of these themselves keep theirs (proxy.ts). */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(options.secure ? { "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY } : {}),
  };
}

/**
 * For API route handlers (JSON, downloads): nothing in them should ever run or be framed. Set by the
 * route wrapper as defaults, so a handler's own value (the details download's `Referrer-Policy:
 * no-referrer` and its HTML view's CSP) wins; proxy.ts leaves forwarded API requests alone because
 * whatever it sets on them overrides the handler's headers.
 */
export function apiSecurityHeaders(secure: boolean): Record<string, string> {
  return {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    ...(secure ? { "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY } : {}),
  };
}

/** Adds each default the response does not set itself. */
export function withDefaultHeaders(response: Response, defaults: Record<string, string>): Response {
  const missing = Object.entries(defaults).filter(([name]) => !response.headers.has(name));
  if (!missing.length) return response;
  try {
    for (const [name, value] of missing) response.headers.set(name, value);
    return response;
  } catch {
    // Immutable headers (Response.redirect, a fetched response): copy.
    const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
    for (const [name, value] of missing) copy.headers.set(name, value);
    return copy;
  }
}

/** A fresh, unguessable nonce per request (128 bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
