/** A stable fingerprint of an access model: a plan or a verify made for another model is stale. Pure. */
import type { AccessModel } from "@/lib/model/types";

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** FNV-1a, 64 bits: staleness detection only, not security. Sync, so the browser computes the same. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const bytes = new TextEncoder().encode(text);
  for (const b of bytes) {
    hash ^= BigInt(b);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

export function modelFingerprint(model: AccessModel): string {
  // The proxy and the connection name do not change anything in AWS.
  const { proxy: _proxy, connectionName: _name, ...rest } = model;
  // Hashed, not the JSON itself: stored run results pass through the secret redactor, which would
  // mask a 40-character external ID and make every plan look stale.
  return `m1-${fnv1a64(JSON.stringify(canonical(rest)))}`;
}
