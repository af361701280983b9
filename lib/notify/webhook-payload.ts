/**
 * The webhook's JSON body and its signature: pure, so the receiver side (tests, documentation) can
 * rebuild and check them.
 */
import { createHmac } from "node:crypto";
import { z } from "zod";
import type { Finding } from "@/lib/model/types";

export const WEBHOOK_EVENTS = ["scheduled-test.failed", "drift.detected", "connection.recovered", "webhook.test"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookPayload {
  event: WebhookEvent;
  connection: { id: string; name: string; url: string | null };
  failedAccounts: { accountId: string; reason: string | null }[];
  drift: Finding[];
  at: string;
}

export const SIGNATURE_HEADER = "x-beaconport-signature";
export const EVENT_HEADER = "x-beaconport-event";

/** `sha256=<hex HMAC of the exact body>`, GitHub-style, so receivers can reuse their verifier. */
export function signPayload(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** An http(s) URL without credentials in it (they would end up in logs and the audit trail). */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2048, { error: "A webhook URL is at most 2,048 characters." })
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return (u.protocol === "https:" || u.protocol === "http:") && u.hostname !== "";
      } catch {
        return false;
      }
    },
    { error: "Enter an http:// or https:// URL, e.g. https://hooks.example.com/beaconport." },
  )
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return u.username === "" && u.password === "";
      } catch {
        return true;
      }
    },
    { error: "Do not put a user name or password in the URL; use the signing secret instead." },
  );

/** Which event a scheduled result raises, if any (previous = the connection's status before this run). */
export function eventFor(previous: string | null, current: "passed" | "failed" | "drift"): WebhookEvent | null {
  if (current === "failed") return "scheduled-test.failed";
  if (current === "drift") return "drift.detected";
  if (previous === "failed" || previous === "drift") return "connection.recovered";
  return null;
}
