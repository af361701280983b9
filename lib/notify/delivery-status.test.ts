import { describe, expect, it } from "vitest";
import { describeDelivery } from "./delivery-status";

describe("describing a webhook delivery", () => {
  it("says only the status class: never the address, the error code, or the exact refusal", () => {
    expect(describeDelivery({ kind: "response", status: 204 })).toEqual({ ok: true, status: "HTTP 204" });
    expect(describeDelivery({ kind: "response", status: 302 })).toEqual({ ok: false, status: "redirect not followed (HTTP 3xx)" });
    expect(describeDelivery({ kind: "response", status: 404 })).toEqual({ ok: false, status: "refused by the receiver (HTTP 4xx)" });
    expect(describeDelivery({ kind: "response", status: 503 })).toEqual({ ok: false, status: "receiver error (HTTP 5xx)" });
    // Refused, timed out and unknown hosts look alike: the webhook is no port scanner.
    for (const code of ["ECONNREFUSED", "TIMEOUT", "ENOTFOUND", "EHOSTUNREACH"]) expect(describeDelivery({ kind: "unreachable", code })).toEqual({ ok: false, status: "unreachable" });
    expect(describeDelivery({ kind: "not-allowed", addressClass: "private" })).toEqual({ ok: false, status: "not allowed: private address" });
    expect(describeDelivery({ kind: "not-allowed", addressClass: "metadata" })).toEqual({ ok: false, status: "not allowed: cloud metadata address" });
  });
});
