import { describe, expect, it } from "vitest";
import { log, setLogSink } from "./index";
import { REDACTED, redact, redactString } from "./redact";

const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

describe("redact", () => {
  it("hides values of secret-named keys at any depth, keeps the rest", () => {
    const out = redact({
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "x",
      nested: { sessionToken: "tok", password: "pw", passwordHash: "$argon2id$...", proxy: { server: "http://p:1", password: "pp" } },
      headers: { authorization: "Bearer abc", cookie: "a=b" },
      mustChangePassword: true,
      list: [{ token: "t" }],
    });
    expect(out).toEqual({
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: REDACTED,
      nested: { sessionToken: REDACTED, password: REDACTED, passwordHash: REDACTED, proxy: { server: "http://p:1", password: REDACTED } },
      headers: { authorization: REDACTED, cookie: REDACTED },
      mustChangePassword: true,
      list: [{ token: REDACTED }],
    });
  });

  it("masks AWS-secret-shaped strings wherever they appear", () => {
    expect(redactString(`key=${AWS_SECRET} end`)).toBe(`key=${REDACTED} end`);
    expect(redact({ message: `bad ${AWS_SECRET}` })).toEqual({ message: `bad ${REDACTED}` });
    // 40 hex characters (a SHA-1) are not mixed case: left alone.
    const sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    expect(redactString(sha1)).toBe(sha1);
  });

  it("masks secrets recognisable by their surroundings in free text", () => {
    expect(redactString("connect to http://bob:hunter2@proxy.local:3128 failed")).toBe(`connect to http://${REDACTED}@proxy.local:3128 failed`);
    expect(redactString("Proxy-Authorization: Basic Ym9iOmh1bnRlcjI=")).toBe(`Proxy-Authorization: ${REDACTED}`);
    expect(redactString("internal detail secretAccessKey=abc, next")).toBe(`internal detail secretAccessKey=${REDACTED}, next`);
    expect(redactString('{"password":"pw1","user":"bob"}')).toBe(`{"password":"${REDACTED}","user":"bob"}`);
    expect(redactString("X-Amz-Security-Token=FQoGZXIvYXdz&X-Amz-Date=1")).toBe(`X-Amz-Security-Token=${REDACTED}&X-Amz-Date=1`);
    // Plain words and identifiers stay readable.
    const plain = "Role arn:aws:iam::123456789012:role/ListEC2ForFNMSRole refused; password policy ok";
    expect(redactString(plain)).toBe(plain);
  });

  it("survives cycles", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    expect(redact(a)).toEqual({ name: "a", self: "[Circular]" });
  });

  it("keeps planted secrets out of log lines", () => {
    const lines: string[] = [];
    const previous = setLogSink((line) => lines.push(line));
    try {
      log.error("error.unexpected", { secretAccessKey: "planted-secret-1", detail: `see ${AWS_SECRET}`, proxyPassword: "planted-2" });
    } finally {
      setLogSink(previous);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("planted-secret-1");
    expect(lines[0]).not.toContain("planted-2");
    expect(lines[0]).not.toContain(AWS_SECRET);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "error", event: "error.unexpected" });
  });
});
