import { describe, expect, it } from "vitest";
import { parseAccessModel } from "@/lib/model";
import { redact } from "@/lib/log/redact";
import { modelFingerprint } from "./model-fingerprint";

const base = { homeAccountId: "111111111111", targetAccountIds: ["222222222222", "333333333333"], externalId: "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd" };

describe("modelFingerprint", () => {
  it("is the same for the same model in any key or account order", () => {
    const a = parseAccessModel(base);
    const b = parseAccessModel({ targetAccountIds: ["333333333333", "222222222222"], externalId: base.externalId, homeAccountId: "111111111111" });
    expect(modelFingerprint(a)).toBe(modelFingerprint(b));
  });

  it("changes with anything that changes AWS, not with the connection name or proxy", () => {
    const a = parseAccessModel(base);
    expect(modelFingerprint(parseAccessModel({ ...base, externalId: "other-id" }))).not.toBe(modelFingerprint(a));
    expect(modelFingerprint(parseAccessModel({ ...base, names: { role: "Other" } }))).not.toBe(modelFingerprint(a));
    expect(modelFingerprint(parseAccessModel({ ...base, connectionName: "Renamed", proxy: { server: "proxy:3128" } }))).toBe(modelFingerprint(a));
  });

  it("survives the secret redactor that stored run results pass through (a 40-character external ID would not)", () => {
    const f = modelFingerprint(parseAccessModel(base));
    expect(redact({ fingerprint: f })).toEqual({ fingerprint: f });
  });
});
