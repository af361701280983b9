/** How often a process refreshes its active runs' heartbeat, and when another process may call one dead. */
export const RUN_HEARTBEAT_MS = 15_000;
export const RUN_STALE_AFTER_MS = 4 * RUN_HEARTBEAT_MS;

/** The claim an active run holds (Run.exclusiveKey): one active run of a kind per connection. */
export function exclusiveKeyOf(connectionId: string, kind: string): string {
  return `${connectionId}:${kind}`;
}
