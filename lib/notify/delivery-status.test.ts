import { describe, expect, it } from "vitest";
import { describeDeliveryError } from "./delivery-status";

function fetchFailure(code: string, nested = false): Error {
  const error = new TypeError("fetch failed");
  (error as Error & { cause: unknown }).cause = nested ? { cause: { code } } : Object.assign(new Error(`connect ${code} 10.1.2.3:8080`), { code });
  return error;
}

describe("describing a failed webhook delivery", () => {
  it("names the usual network failures in plain words, without the address or stack", () => {
    const refused = describeDeliveryError(fetchFailure("ECONNREFUSED"));
    expect(refused).toMatch(/^connection refused/);
    expect(refused).not.toContain("10.1.2.3");
    expect(describeDeliveryError(fetchFailure("ENOTFOUND"))).toMatch(/not found/);
    expect(describeDeliveryError(fetchFailure("CERT_HAS_EXPIRED", true))).toMatch(/expired/);
  });

  it("says timeout for an aborted slow receiver, and something generic otherwise", () => {
    expect(describeDeliveryError(Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" }))).toBe("timeout");
    expect(describeDeliveryError(new Error("boom at /srv/app.js:1:1"))).toBe("network error");
    expect(describeDeliveryError(fetchFailure("E_SOMETHING_NEW"))).toBe("e something new");
  });
});
