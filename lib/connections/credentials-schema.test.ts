import { describe, expect, it } from "vitest";
import { ACCESS_KEY_ID_PATTERN, LONG_TERM_ACCESS_KEY_ID_PATTERN, pastedCredentialsSchema, toStaticCredentials } from "./credentials-schema";

describe("access key ID patterns", () => {
  it("accept long-term (AKIA) and temporary (ASIA) keys of IAM's documented length", () => {
    expect(ACCESS_KEY_ID_PATTERN.test("AKIAIOSFODNN7EXAMPLE")).toBe(true);
    expect(ACCESS_KEY_ID_PATTERN.test("ASIAIOSFODNN7EXAMPLE")).toBe(true);
    expect(ACCESS_KEY_ID_PATTERN.test("AKIA" + "A".repeat(11))).toBe(false);
    expect(ACCESS_KEY_ID_PATTERN.test("akiaiosfodnn7example")).toBe(false);
  });
  it("a long-term key is never a temporary one", () => {
    expect(LONG_TERM_ACCESS_KEY_ID_PATTERN.test("AKIAIOSFODNN7EXAMPLE")).toBe(true);
    expect(LONG_TERM_ACCESS_KEY_ID_PATTERN.test("ASIAIOSFODNN7EXAMPLE")).toBe(false);
  });
});

describe("pastedCredentialsSchema", () => {
  it("trims, drops an empty session token and names each bad field", () => {
    const ok = pastedCredentialsSchema.parse({ accessKeyId: " AKIAIOSFODNN7EXAMPLE ", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", sessionToken: "" });
    expect(toStaticCredentials(ok)).toEqual({ accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" });
    const bad = pastedCredentialsSchema.safeParse({ accessKeyId: "nope", secretAccessKey: "short" });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path[0]).sort()).toEqual(["accessKeyId", "secretAccessKey"]);
  });
});
