/**
 * The client address as `next start` reports it: Next sets X-Forwarded-For to the socket address when
 * the request did not carry one. Behind a reverse proxy, that proxy must overwrite X-Forwarded-For
 * (documented in the README); we take the first entry, which is the original client.
 */
export function clientIpFrom(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const first = forwarded?.split(",")[0]?.trim();
  if (first) return first.replace(/^::ffff:/, "").slice(0, 64);
  const real = headers.get("x-real-ip")?.trim();
  return real ? real.slice(0, 64) : null;
}
