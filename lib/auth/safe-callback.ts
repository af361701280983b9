/**
 * Where to go after signing in: only a local path. next-auth's callbackUrl names the listen address,
 * not the public host, and an absolute URL here would be an open redirect.
 */
export function safeCallbackPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length > 2000) return fallback;
  let path = value;
  try {
    if (/^https?:\/\//i.test(value)) {
      const url = new URL(value);
      path = url.pathname + url.search;
    }
  } catch {
    return fallback;
  }
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\") || /[\r\n]/.test(path)) return fallback;
  if (/^\/(login|setup|set-password|api)(\/|\?|$)/.test(path)) return fallback;
  return path;
}
