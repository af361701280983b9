import "server-only";
import { randomBytes } from "node:crypto";
import { spendToken } from "@/lib/auth/spend-token";
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

/** A sealed, short-lived, one-time token naming who may download which connection's secrets. */
export function createDetailsGrant(input: { userId: string; sessionId: string; connectionId: string; now?: number }): { grant: string; expiresAt: string } {
  const expiresAt = (input.now ?? Date.now()) + DETAILS_GRANT_TTL_MS;
  const payload: GrantPayload = { nonce: randomBytes(16).toString("base64url"), userId: input.userId, sessionId: input.sessionId, connectionId: input.connectionId, expiresAt };
  return { grant: seal(JSON.stringify(payload), PURPOSE), expiresAt: new Date(expiresAt).toISOString() };
}

/**
 * True once for a valid grant of this user, session and connection; false when forged, expired, reused or
 * someone else's. Spent in the database, so a grant works once across every portal instance.
 */
export async function consumeDetailsGrant(grant: string, expected: { userId: string; sessionId: string; connectionId: string; now?: number }): Promise<boolean> {
  const now = expected.now ?? Date.now();
  let payload: GrantPayload;
  try {
    payload = JSON.parse(unseal(grant, PURPOSE)) as GrantPayload;
  } catch {
    return false;
  }
  if (payload.expiresAt < now) return false;
  if (payload.userId !== expected.userId || payload.sessionId !== expected.sessionId || payload.connectionId !== expected.connectionId) return false;
  return spendToken({ purpose: PURPOSE, nonce: payload.nonce, expiresAt: new Date(payload.expiresAt) }, { now: new Date(now) });
}
