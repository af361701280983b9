/**
 * Last line of defence for secrets in text that leaves lib/aws (error messages, events, logs).
 * The first line is construction: we never put a secret into a message on purpose. This catches
 * what AWS or a library echoes back, and the secrets this process knows about.
 */

// Bounded so that a long-running server that assumes thousands of roles does not grow forever;
// the newest secrets matter most (older sessions have expired).
const MAX_KNOWN = 5000;
const known = new Set<string>();

/** Remember a secret value (secret key, session token, proxy password) so it is redacted wherever it shows up. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6) return;
  if (known.has(value)) return;
  known.add(value);
  if (known.size > MAX_KNOWN) {
    const oldest = known.values().next().value;
    if (oldest !== undefined) known.delete(oldest);
  }
}

const PATTERNS: [RegExp, string][] = [
  // user:password@ in URLs (proxy URLs).
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]*:[^/\s@]*@/gi, "$1***:***@"],
  // Authorization / Proxy-Authorization header values.
  [/((?:proxy-)?authorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi, "$1***"],
  // X-Amz-Security-Token / SessionToken / SecretAccessKey name=value pairs.
  [/((?:x-amz-security-token|sessiontoken|secretaccesskey|secret_access_key|aws_session_token)["']?\s*[:=]\s*["']?)[^"'\s&,}]+/gi, "$1***"],
  // A 40-character secret access key on its own (AWS's format: base64 alphabet, no separators).
  [/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, "***"],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of known) {
    if (out.includes(secret)) out = out.split(secret).join("***");
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
