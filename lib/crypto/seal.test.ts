import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sealWithKey, UnsealError, unsealWithKey } from "./seal";

const key = randomBytes(32);

describe("seal / unseal", () => {
  it("round-trips and never shows the plaintext", () => {
    const sealed = sealWithKey(key, "AKIA/secret-value", "connection-secret");
    expect(sealed).not.toContain("secret-value");
    expect(unsealWithKey(key, sealed, "connection-secret")).toBe("AKIA/secret-value");
  });

  it("uses a fresh IV each time", () => {
    expect(sealWithKey(key, "same", "p")).not.toBe(sealWithKey(key, "same", "p"));
  });

  it("refuses a tampered value", () => {
    const sealed = sealWithKey(key, "hello world", "p");
    const parts = sealed.split(".");
    const body = Buffer.from(parts[2]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[2] = body.toString("base64url");
    expect(() => unsealWithKey(key, parts.join("."), "p")).toThrow(UnsealError);
    expect(() => unsealWithKey(key, sealed.slice(0, -2), "p")).toThrow(UnsealError);
    expect(() => unsealWithKey(key, "garbage", "p")).toThrow(UnsealError);
  });

  it("refuses a value sealed for another purpose or with another key", () => {
    const sealed = sealWithKey(key, "hello", "aws-session-cookie");
    expect(() => unsealWithKey(key, sealed, "connection-secret")).toThrow(UnsealError);
    expect(() => unsealWithKey(randomBytes(32), sealed, "aws-session-cookie")).toThrow(UnsealError);
  });
});
