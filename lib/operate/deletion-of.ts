import type { AuditEventView } from "@/lib/audit/list-audit-events";

export interface DeletionView {
  name: string;
  by: string;
  /** UTC, to the minute. */
  at: string;
  runId: string | null;
  cleanupAws: boolean;
}

/** What the Manage page says about a deleted connection, from its `connection.delete` audit event. Pure. */
export function deletionOf(event: Pick<AuditEventView, "at" | "actorEmail" | "before" | "after">): DeletionView {
  const before = parseJson(event.before);
  const after = parseJson(event.after);
  return {
    name: typeof before.name === "string" ? before.name : "This connection",
    by: event.actorEmail ?? "an administrator",
    at: event.at.replace("T", " ").slice(0, 16),
    runId: typeof after.runId === "string" ? after.runId : null,
    cleanupAws: after.cleanupAws === true,
  };
}

function parseJson(text: string | null): Record<string, unknown> {
  try {
    const value: unknown = text ? JSON.parse(text) : null;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
