/**
 * Redaction shared by the logger and the audit trail: keys that name a secret lose their value, and
 * strings shaped like an AWS secret access key are masked wherever they appear.
 */
export const REDACTED = "[REDACTED]";

const SECRET_KEY = /(secret|password|passwd|passphrase|token|authorization|cookie|credential|private.?key|api.?key|encryption.?key|^hash$|passwordhash|tokenhash|session.?token)/i;

/** 40 base64-ish characters with at least one of `/+` or mixed case and digits: an AWS secret key. */
const AWS_SECRET_SHAPE = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/g;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

function looksLikeAwsSecret(candidate: string): boolean {
  return /[A-Z]/.test(candidate) && /[a-z]/.test(candidate) && /[0-9/+]/.test(candidate);
}

/** Secrets recognisable by their surroundings in free text (error messages, URLs, echoed requests). */
const IN_TEXT: [RegExp, string][] = [
  // user:password@ in URLs (proxy URLs).
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]*:[^/\s@]*@/gi, `$1${REDACTED}@`],
  // Authorization / Proxy-Authorization header values.
  [/((?:proxy-)?authorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi, `$1${REDACTED}`],
  // name=value / name: value pairs whose name says secret.
  [/((?:x-amz-security-token|session_?token|secret_?access_?key|aws_secret_access_key|aws_session_token|password|passwd|secret)["']?\s*[:=]\s*["']?)[^"'\s&,;}]+/gi, `$1${REDACTED}`],
];

export function redactString(value: string): string {
  let out = value;
  for (const [pattern, replacement] of IN_TEXT) out = out.replace(pattern, replacement);
  return out.replace(AWS_SECRET_SHAPE, (m) => (looksLikeAwsSecret(m) ? REDACTED : m));
}

/** A deep copy of `value` with secrets removed. Cycles are cut rather than followed. */
export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, seen));
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message) };
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    // Flags such as `mustChangePassword: true` carry no secret and matter in an audit trail.
    const hidden = isSecretKey(key) && v !== null && v !== undefined && v !== "" && typeof v !== "boolean";
    out[key] = hidden ? REDACTED : redact(v, seen);
  }
  return out;
}
