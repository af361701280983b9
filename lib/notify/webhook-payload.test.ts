import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eventFor, signPayload, webhookUrlSchema } from "./webhook-payload";

describe("webhook payload rules", () => {
  it("raises failure and drift every time, recovery only after a bad state", () => {
    expect(eventFor(null, "failed")).toBe("scheduled-test.failed");
    expect(eventFor("failed", "failed")).toBe("scheduled-test.failed");
    expect(eventFor("passed", "drift")).toBe("drift.detected");
    expect(eventFor("drift", "passed")).toBe("connection.recovered");
    expect(eventFor("failed", "passed")).toBe("connection.recovered");
    expect(eventFor("passed", "passed")).toBeNull();
    expect(eventFor(null, "passed")).toBeNull();
  });

  it("signs the exact body with HMAC-SHA256 (a receiver can verify it with its own HMAC)", () => {
    const body = JSON.stringify({ event: "webhook.test", at: "2026-11-27T00:00:00.000Z" });
    const sig = signPayload(body, "s3cret-s3cret-s3cret");
    expect(sig).toBe(`sha256=${createHmac("sha256", "s3cret-s3cret-s3cret").update(body).digest("hex")}`);
    expect(signPayload(`${body} `, "s3cret-s3cret-s3cret")).not.toBe(sig);
  });

  it("accepts http(s) URLs only, without credentials in them", () => {
    expect(webhookUrlSchema.safeParse("https://hooks.example.com/beaconport").success).toBe(true);
    expect(webhookUrlSchema.safeParse("http://127.0.0.1:8080/hook").success).toBe(true);
    expect(webhookUrlSchema.safeParse("ftp://example.com/x").success).toBe(false);
    expect(webhookUrlSchema.safeParse("not a url").success).toBe(false);
    expect(webhookUrlSchema.safeParse("https://user:pw@example.com/x").success).toBe(false);
  });
});
