/** What every server action returns: serializable, ready for `useActionState`. Pure (client-safe). */
import type { PublicError } from "@/lib/errors";
import { isSecretKey } from "@/lib/log/redact";

export type ActionResult<T> =
  | { ok: true; data: T; values?: Record<string, string> }
  | { ok: false; error: PublicError; values?: Record<string, string> };

/** The longest field value echoed back (an account list of 2,000 IDs fits). */
export const MAX_ECHOED_LENGTH = 64 * 1024;

/**
 * The submitted values, echoed so a form can re-fill itself after React 19 resets it. Secret fields
 * (passwords, tokens) are never echoed: they would end up in the page's HTML.
 */
export function echoValues(input: unknown): Record<string, string> | undefined {
  if (!input || typeof input !== "object") return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (isSecretKey(key)) continue;
    // A value too long for any field is not sent back: a hostile megabyte must not come back twice.
    if (typeof value === "string") {
      if (value.length <= MAX_ECHOED_LENGTH) out[key] = value;
    }
    else if (typeof value === "number" || typeof value === "boolean") out[key] = String(value);
  }
  return out;
}
