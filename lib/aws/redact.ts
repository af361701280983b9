/**
 * Last line of defence for secrets in text that leaves lib/aws (error messages, events, logs).
 * The first line is construction: we never put a secret into a message on purpose. This catches
 * what AWS or a library echoes back, and the secrets this process knows about.
 */

import { REDACTED, redactString } from "@/lib/log/redact";

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

/** Known secrets first (whatever their shape), then everything the shared redactor recognises. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of known) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return redactString(out);
}
