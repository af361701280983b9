/**
 * How a webhook delivery is described to the admin (the manage page, the schedule page): a status
 * class, never the error's message, the address it resolved to, or whether a port was closed or
 * filtered (that would make the webhook a port scanner for the inside). The log gets the detail.
 */
import { ADDRESS_CLASS_WORDS, type AddressClass } from "@/lib/net/address-class";

export type DeliveryOutcome = { kind: "response"; status: number } | { kind: "not-allowed"; addressClass: AddressClass } | { kind: "unreachable"; code: string };

/** `ok` and the words shown: "HTTP 204" (delivered), "refused by the receiver (HTTP 4xx)", "receiver error (HTTP 5xx)", "unreachable", "not allowed: private address". */
export function describeDelivery(outcome: DeliveryOutcome): { ok: boolean; status: string } {
  if (outcome.kind === "not-allowed") return { ok: false, status: `not allowed: ${ADDRESS_CLASS_WORDS[outcome.addressClass]}` };
  if (outcome.kind === "unreachable") return { ok: false, status: "unreachable" };
  const s = outcome.status;
  if (s >= 200 && s < 300) return { ok: true, status: `HTTP ${s}` };
  if (s >= 300 && s < 400) return { ok: false, status: "redirect not followed (HTTP 3xx)" };
  if (s >= 400 && s < 500) return { ok: false, status: "refused by the receiver (HTTP 4xx)" };
  if (s >= 500 && s < 600) return { ok: false, status: "receiver error (HTTP 5xx)" };
  return { ok: false, status: "invalid answer" };
}
