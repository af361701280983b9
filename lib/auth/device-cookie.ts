import "server-only";
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { authSecret } from "@/lib/crypto/keys";

/**
 * OWASP's "device cookie": a browser that signed in as a user carries a token naming that user, signed
 * with a key derived from AUTH_SECRET. Its attempts count on the device's own counter, so failures from
 * elsewhere (which lock the account for untrusted clients) cannot keep that user out.
 *
 *   v1.<base64url(email)>.<issued, ms base36>.<nonce>.<HMAC-SHA256 of everything before>
 */
export const DEVICE_COOKIE_NAME = "beaconport-device";
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600;

function macKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(), Buffer.alloc(0), "beaconport:device-cookie", 32));
}

function mac(payload: string): Buffer {
  return createHmac("sha256", macKey()).update(payload).digest();
}

function normalize(email: string): string {
  return email.trim().toLowerCase();
}

export function issueDeviceToken(email: string, now = new Date()): string {
  const payload = ["v1", Buffer.from(normalize(email)).toString("base64url"), now.getTime().toString(36), randomBytes(16).toString("base64url")].join(".");
  return `${payload}.${mac(payload).toString("base64url")}`;
}

/**
 * The device's id when `token` is a genuine, unexpired device token for `email`; null otherwise (absent,
 * forged, another user's, too old): such a client is untrusted.
 */
export function trustedDeviceId(token: string | null | undefined, email: string, now = new Date()): string | null {
  if (!token || token.length > 600) return null;
  const parts = token.split(".");
  if (parts.length !== 5 || parts[0] !== "v1") return null;
  const payload = parts.slice(0, 4).join(".");
  const given = Buffer.from(parts[4]!, "base64url");
  const expected = mac(payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (Buffer.from(parts[1]!, "base64url").toString("utf8") !== normalize(email)) return null;
  const issued = parseInt(parts[2]!, 36);
  if (!Number.isFinite(issued) || now.getTime() - issued > DEVICE_COOKIE_MAX_AGE_SECONDS * 1000) return null;
  return createHash("sha256").update(payload).digest("hex").slice(0, 32);
}

/** This request's device cookie (actions that re-check a password pass it to checkPassword). */
export async function deviceTokenOfRequest(): Promise<string | null> {
  return (await cookies()).get(DEVICE_COOKIE_NAME)?.value ?? null;
}
