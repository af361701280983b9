import "server-only";
import { unseal } from "@/lib/crypto";
import { getDb, type DbOrTx } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { safeRequest, type Resolver } from "@/lib/net/safe-request";
import { describeDelivery } from "./delivery-status";
import { EVENT_HEADER, SIGNATURE_HEADER, signPayload, type WebhookPayload } from "./webhook-payload";

export const WEBHOOK_SECRET_PURPOSE = "webhook-secret";

export interface DeliveryResult {
  ok: boolean;
  /** "HTTP 204", "refused by the receiver (HTTP 4xx)", "unreachable", "not allowed: private address", ... (lib/notify/delivery-status.ts). */
  status: string;
}

/**
 * POSTs the payload to the connection's webhook, signed when it has a secret, and records how it went on
 * the connection. Never throws: a broken receiver must not fail the scheduled test. No redirects are
 * followed (the signature was made for this URL), and internal addresses are never reached (lib/net).
 */
export async function deliverWebhook(connectionId: string, payload: WebhookPayload, options: { db?: DbOrTx; resolve?: Resolver } = {}): Promise<DeliveryResult | null> {
  const db = options.db ?? getDb();
  const row = await db.connection.findUnique({ where: { id: connectionId }, omit: { webhookSecretSealed: false } });
  if (!row?.webhookUrl) return null;
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Beaconport-Webhook/1", [EVENT_HEADER]: payload.event };
  if (row.webhookSecretSealed) headers[SIGNATURE_HEADER] = signPayload(body, unseal(row.webhookSecretSealed, WEBHOOK_SECRET_PURPOSE));
  // Through the outbound guard (lib/net): the URL was checked when it was saved, but DNS may answer
  // differently now, so it is resolved and checked again, and the socket goes to that checked address.
  const outcome = await safeRequest(row.webhookUrl, { purpose: "webhook", method: "POST", body, headers, timeoutMs: env().notify.webhookTimeoutMs, resolve: options.resolve });
  const result: DeliveryResult = describeDelivery(outcome);
  await db.connection.update({ where: { id: connectionId }, data: { webhookLastStatus: `${result.ok ? "delivered" : "failed"} (${payload.event}): ${result.status}`, webhookLastAt: new Date() } });
  // The operator's log may say more than the page (the error code), still never the URL (it may carry a token).
  if (!result.ok) log.warn("webhook.failed", { connectionId, event: payload.event, status: result.status, ...(outcome.kind === "unreachable" ? { code: outcome.code } : {}) });
  return result;
}
