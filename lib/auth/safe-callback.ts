/**
 * Where to go after signing in (and any other redirect target taken from a request): only a path on this
 * origin, or `/`. Not `server-only`: pure, used by pages, actions and next-auth's redirect callback.
 *
 * Absolute URLs are refused even when they name this host: the portal never produces one (proxy.ts
 * writes `pathname + search`), the host a request names is not proof of anything behind a proxy, and
 * "same host" checks are exactly where open-redirect bypasses live (`https://portal.example@evil.example`,
 * `https://portal.example.evil.example`, IDN and case tricks). A path cannot name another origin once
 * these hold, at every level of percent-decoding (a value is decoded again by whoever follows it):
 * - it starts with a single `/` not followed by `/` or `\` (protocol-relative `//host`, `/\host`);
 * - it holds no backslash (browsers read `\` as `/`), no control character (tab, CR, LF are stripped by
 *   URL parsers, so `/\t/evil.example` becomes `//evil.example`), no whitespace;
 * - resolved against a placeholder origin it stays on that origin.
 */
const PLACEHOLDER = "http://beaconport.invalid";
const MAX_DECODE_ROUNDS = 4;
// C0 and C1 controls, DEL, every Unicode space but the plain one (incl. NBSP, ideographic space, zero-width
// ones; a plain space inside a path is harmless, a leading one fails the leading-slash test), backslash,
// and the Unicode "fullwidth" look-alikes of `/` and `\` that some normalizers fold.
const FORBIDDEN = /[\u0000-\u001f\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u2060\u3000\ufeff\\\uff0f\uff3c]/;
const AUTH_ROUTES = /^\/(login|setup|set-password|api)(\/|\?|#|$)/i;

function isLocalPathAtThisLevel(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//")) return false;
  if (FORBIDDEN.test(path)) return false;
  try {
    return new URL(path, PLACEHOLDER).origin === PLACEHOLDER;
  } catch {
    return false;
  }
}

export function safeCallbackPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return fallback;
  let level = value;
  for (let round = 0; ; round++) {
    if (!isLocalPathAtThisLevel(level)) return fallback;
    let decoded: string;
    try {
      decoded = decodeURIComponent(level);
    } catch {
      // Malformed escapes: browsers and proxies disagree on what they mean; refuse rather than guess.
      return fallback;
    }
    if (decoded === level) break;
    if (round >= MAX_DECODE_ROUNDS) return fallback;
    level = decoded;
  }
  // Back to a sign-in or setup screen would loop; API routes are not pages.
  if (AUTH_ROUTES.test(value) || AUTH_ROUTES.test(level)) return fallback;
  return value;
}
