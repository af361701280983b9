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

export function modelFingerprint(model: AccessModel): string {
  // The proxy and the connection name do not change anything in AWS.
  const { proxy: _proxy, connectionName: _name, ...rest } = model;
  return JSON.stringify(canonical(rest));
}
