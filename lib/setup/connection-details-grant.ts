import "server-only";
import { randomBytes } from "node:crypto";
import { seal, unseal } from "@/lib/crypto";

/** A password re-entry unlocks one download with secrets, for one minute. */
export const DETAILS_GRANT_TTL_MS = 60_000;
const PURPOSE = "connection-details-grant";

interface GrantPayload {
  nonce: string;
  userId: string;
  sessionId: string;
  connectionId: string;
  expiresAt: number;
}

// Spent nonces, kept until they would have expired anyway. One process serves downloads; with several
// instances a grant is still bound to its session and expires within a minute.
const spent = new Map<string, number>();

function prune(now: number): void {
  for (const [nonce, expiresAt] of spent) if (expiresAt < now) spent.delete(nonce);
}

/** A sealed, short-lived, one-time token naming who may download which connection's secrets. */
export function createDetailsGrant(input: { userId: string; sessionId: string; connectionId: string; now?: number }): { grant: string; expiresAt: string } {
  const expiresAt = (input.now ?? Date.now()) + DETAILS_GRANT_TTL_MS;
  const payload: GrantPayload = { nonce: randomBytes(16).toString("base64url"), userId: input.userId, sessionId: input.sessionId, connectionId: input.connectionId, expiresAt };
  return { grant: seal(JSON.stringify(payload), PURPOSE), expiresAt: new Date(expiresAt).toISOString() };
}

/** True once for a valid grant of this user, session and connection; false when forged, expired, reused or someone else's. */
export function consumeDetailsGrant(grant: string, expected: { userId: string; sessionId: string; connectionId: string; now?: number }): boolean {
  const now = expected.now ?? Date.now();
  prune(now);
  let payload: GrantPayload;
  try {
    payload = JSON.parse(unseal(grant, PURPOSE)) as GrantPayload;
  } catch {
    return false;
  }
  if (payload.expiresAt < now) return false;
  if (payload.userId !== expected.userId || payload.sessionId !== expected.sessionId || payload.connectionId !== expected.connectionId) return false;
  if (spent.has(payload.nonce)) return false;
  spent.set(payload.nonce, payload.expiresAt);
  return true;
}
