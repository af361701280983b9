/**
 * Field-level differences between an audit event's `before` and `after` (canonical JSON text).
 * Values are redacted again here: they were redacted when recorded, and this is defense in depth
 * should an older row or a new secret-shaped field have slipped through. Pure (client-safe).
 */
import { redact } from "@/lib/log/redact";

export interface AuditFieldChange {
  /** `proxy.server`, `targets[3]`, or `(value)` when the whole value is a scalar. */
  path: string;
  kind: "added" | "removed" | "changed";
  before?: string;
  after?: string;
}

const MAX_VALUE = 300;
export const MAX_CHANGES = 200;

function parse(text: string | null): unknown {
  if (text === null || text === "") return undefined;
  try {
    return redact(JSON.parse(text));
  } catch {
    // Not JSON (should not happen): show it as one redacted string.
    return redact(text);
  }
}

function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [`${path}[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v] as const);
    // An empty object or array is a value of its own (e.g. "no targets" vs. absent).
    if (entries.length === 0) out.set(path || "(value)", Array.isArray(value) ? "[]" : "{}");
    for (const [p, v] of entries) flatten(v, p, out);
    return;
  }
  if (value === undefined) return;
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  out.set(path || "(value)", shown.length > MAX_VALUE ? `${shown.slice(0, MAX_VALUE - 1)}…` : shown);
}

export function diffAuditValues(beforeText: string | null, afterText: string | null): { changes: AuditFieldChange[]; omitted: number } {
  const before = new Map<string, string>();
  const after = new Map<string, string>();
  flatten(parse(beforeText), "", before);
  flatten(parse(afterText), "", after);
  const changes: AuditFieldChange[] = [];
  const paths = [...new Set([...before.keys(), ...after.keys()])];
  for (const path of paths) {
    const b = before.get(path);
    const a = after.get(path);
    if (b === a) continue;
    if (b === undefined) changes.push({ path, kind: "added", after: a });
    else if (a === undefined) changes.push({ path, kind: "removed", before: b });
    else changes.push({ path, kind: "changed", before: b, after: a });
  }
  return { changes: changes.slice(0, MAX_CHANGES), omitted: Math.max(0, changes.length - MAX_CHANGES) };
}
