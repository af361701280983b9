import "server-only";
import { seal } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ADDRESS_CLASS_WORDS } from "@/lib/net/address-class";
import { vetHost, type Resolver } from "@/lib/net/safe-request";
import { WEBHOOK_SECRET_PURPOSE } from "./deliver-webhook";

export interface WebhookUpdate {
  connectionId: string;
  /** Undefined: no webhook. Already checked by `webhookUrlSchema` (http(s), no credentials). */
  webhookUrl?: string;
  /** Undefined: keep the stored secret, if it was stored for this URL's origin. */
  webhookSecret?: string;
  clearSecret: boolean;
}

function originOf(url: string | null): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

/** Refuses, as a field error, a URL that resolves to an internal address (the same rule delivery applies). */
export async function checkWebhookDestination(webhookUrl: string, options: { resolve?: Resolver } = {}): Promise<void> {
  const hostname = new URL(webhookUrl).hostname.replace(/^\[(.*)\]$/, "$1");
  const vetted = await vetHost(hostname, { purpose: "webhook", resolve: options.resolve });
  if (vetted.ok) return;
  const message =
    vetted.reason === "dns"
      ? "This host name cannot be resolved (DNS); check the URL."
      : `Not allowed: this URL points at a ${ADDRESS_CLASS_WORDS[vetted.addressClass]}. Webhooks reach public addresses only; an operator can allow an internal receiver with BEACONPORT_WEBHOOK_ALLOWED_HOSTS.`;
  // The message itself, not "correct the highlighted fields": the notifications panel shows it above the form.
  throw new AppError("VALIDATION", message, { fieldErrors: { webhookUrl: [message] } });
}

/**
 * Saves a connection's webhook. The signing secret belongs to the receiver it was entered for: a URL
 * on another origin (scheme, host, port) without the secret typed again drops it, so a changed URL
 * can never receive signatures made with a secret meant for someone else.
 */
export async function updateWebhook(input: WebhookUpdate, options: { resolve?: Resolver } = {}) {
  const db = getDb();
  const stored = await db.connection.findUnique({ where: { id: input.connectionId }, omit: { webhookSecretSealed: false } });
  if (!stored) throw new AppError("NOT_FOUND", "That connection does not exist.");
  if (input.webhookUrl) await checkWebhookDestination(input.webhookUrl, options);
  const hadSecret = stored.webhookSecretSealed !== null;
  const sameReceiver = input.webhookUrl !== undefined && originOf(input.webhookUrl) === originOf(stored.webhookUrl);
  const secretSealed = !input.webhookUrl || input.clearSecret ? null : input.webhookSecret ? seal(input.webhookSecret, WEBHOOK_SECRET_PURPOSE) : sameReceiver ? undefined : null;
  await db.connection.update({ where: { id: input.connectionId }, data: { webhookUrl: input.webhookUrl ?? null, webhookSecretSealed: secretSealed } });
  const hasSecret = secretSealed === undefined ? hadSecret : secretSealed !== null;
  return {
    before: { webhookUrl: stored.webhookUrl, signed: hadSecret },
    after: { webhookUrl: input.webhookUrl ?? null, signed: hasSecret, ...(hadSecret && !hasSecret && !input.clearSecret && input.webhookUrl ? { secretDropped: "the URL's origin changed" } : {}) },
  };
}
