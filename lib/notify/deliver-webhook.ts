import "server-only";
import { unseal } from "@/lib/crypto";
import { getDb, type DbOrTx } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { describeDeliveryError } from "./delivery-status";
import { EVENT_HEADER, SIGNATURE_HEADER, signPayload, type WebhookPayload } from "./webhook-payload";

export const WEBHOOK_SECRET_PURPOSE = "webhook-secret";

export interface DeliveryResult {
  ok: boolean;
  /** "HTTP 204", "timeout", "connection refused", ... (never the response body). */
  status: string;
}

/**
 * POSTs the payload to the connection's webhook, signed when it has a secret, and records how it went on
 * the connection. Never throws: a broken receiver must not fail the scheduled test. No redirects are
 * followed (the signature was made for this URL).
 */
export async function deliverWebhook(connectionId: string, payload: WebhookPayload, options: { db?: DbOrTx } = {}): Promise<DeliveryResult | null> {
  const db = options.db ?? getDb();
  const row = await db.connection.findUnique({ where: { id: connectionId }, omit: { webhookSecretSealed: false } });
  if (!row?.webhookUrl) return null;
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Beaconport-Webhook/1", [EVENT_HEADER]: payload.event };
  if (row.webhookSecretSealed) headers[SIGNATURE_HEADER] = signPayload(body, unseal(row.webhookSecretSealed, WEBHOOK_SECRET_PURPOSE));
  let result: DeliveryResult;
  try {
    const res = await fetch(row.webhookUrl, { method: "POST", body, headers, redirect: "manual", signal: AbortSignal.timeout(env().notify.webhookTimeoutMs) });
    await res.body?.cancel().catch(() => {});
    result = { ok: res.status >= 200 && res.status < 300, status: `HTTP ${res.status}` };
  } catch (error) {
    result = { ok: false, status: describeDeliveryError(error) };
  }
  await db.connection.update({ where: { id: connectionId }, data: { webhookLastStatus: `${result.ok ? "delivered" : "failed"} (${payload.event}): ${result.status}`, webhookLastAt: new Date() } });
  if (!result.ok) log.warn("webhook.failed", { connectionId, event: payload.event, status: result.status });
  return result;
}
