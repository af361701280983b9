import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  accountIdSchema,
  adapterTypeSchema,
  connectionNameSchema,
  externalIdSchema,
  iamNameSchema,
  maxSessionSchema,
  proxySchema,
  rdsScopeSchema,
  regionSchema,
  rolePathSchema,
  sourceTypeSchema,
} from "./field-schemas";

function messages(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

function accepts(schema: z.ZodType, value: unknown): unknown {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`rejected ${JSON.stringify(value)}: ${r.error.issues.map((i) => i.message).join("; ")}`);
  return r.data;
}

describe("accountIdSchema", () => {
  it("accepts 12 digits, also as the console shows them with hyphens", () => {
    expect(accepts(accountIdSchema, "012345678901")).toBe("012345678901");
    expect(accepts(accountIdSchema, "0123-4567-8901")).toBe("012345678901");
    expect(accepts(accountIdSchema, " 012345678901 ")).toBe("012345678901");
  });
  it.each(["12345678901", "1234567890123", "12345678901a", ""])("rejects %j and says 12 digits", (v) => {
    expect(messages(accountIdSchema, v)).toEqual(["An AWS account ID is exactly 12 digits (0-9), e.g. 123456789012."]);
  });
  it("rejects numbers, which lose leading zeros", () => {
    expect(messages(accountIdSchema, 123456789012)[0]).toMatch(/written as text.*leading zeros/);
  });
});

describe("iamNameSchema", () => {
  it("accepts every character AWS allows", () => {
    expect(accepts(iamNameSchema("role"), "Az09_+=,.@-")).toBe("Az09_+=,.@-");
  });
  it("enforces per-kind lengths: 64 for roles and users, 128 for policies", () => {
    expect(accepts(iamNameSchema("role"), "r".repeat(64))).toHaveLength(64);
    expect(messages(iamNameSchema("role"), "r".repeat(65))).toEqual(["A role name is 1-64 characters of letters, digits and + = , . @ _ -; it is too long."]);
    expect(messages(iamNameSchema("user"), "u".repeat(65))[0]).toMatch(/^A user name is 1-64 characters/);
    expect(accepts(iamNameSchema("policy"), "p".repeat(128))).toHaveLength(128);
    expect(messages(iamNameSchema("policy"), "p".repeat(129))[0]).toMatch(/^A policy name is 1-128 characters.*too long/);
  });
  it.each(["with space", "slash/name", "star*", "ümlaut"])("rejects %j with the allowed characters", (v) => {
    expect(messages(iamNameSchema("policy"), v)).toEqual(["A policy name is 1-128 characters of letters, digits and + = , . @ _ -; no spaces or other characters."]);
  });
  it("rejects an empty name", () => {
    expect(messages(iamNameSchema("user"), "")).toEqual(["A user name is 1-64 characters of letters, digits and + = , . @ _ -; it is empty."]);
  });
});

describe("rolePathSchema", () => {
  it.each(["/", "/fnms/", "/a/b-c/"])("accepts %j", (v) => {
    expect(accepts(rolePathSchema, v)).toBe(v);
  });
  it.each(["fnms", "/fnms", "fnms/", "/a b/"])("rejects %j: must start and end with /", (v) => {
    expect(messages(rolePathSchema, v)).toContain("A role path starts and ends with / and has no spaces, e.g. / or /fnms/.");
  });
  it("rejects * and ?, which would make the role ARN a wildcard", () => {
    expect(messages(rolePathSchema, "/fn*s/")).toEqual(["A role path must not contain * or ?: they would make the role ARN a wildcard."]);
  });
  it("rejects empty segments and paths over 512 characters", () => {
    expect(messages(rolePathSchema, "/a//b/")).toEqual(["A role path must not contain an empty segment (//)."]);
    expect(messages(rolePathSchema, `/${"a".repeat(511)}/`)).toContain("A role path is at most 512 characters.");
  });
});

describe("externalIdSchema", () => {
  it("accepts 2 to 1,224 characters of [\\w+=,.@:/-]", () => {
    expect(accepts(externalIdSchema, "ab")).toBe("ab");
    expect(accepts(externalIdSchema, "Az09_+=,.@:/-")).toBe("Az09_+=,.@:/-");
    expect(accepts(externalIdSchema, "x".repeat(1224))).toHaveLength(1224);
  });
  it("rejects too short, too long, whitespace and other characters", () => {
    expect(messages(externalIdSchema, "a")[0]).toMatch(/2-1,224 characters.*too short/);
    expect(messages(externalIdSchema, "x".repeat(1225))[0]).toMatch(/too long/);
    expect(messages(externalIdSchema, "has space")[0]).toMatch(/no spaces or other characters/);
    expect(messages(externalIdSchema, "semi;colon")[0]).toMatch(/no spaces or other characters/);
  });
});

describe("regionSchema", () => {
  it("accepts commercial regions", () => {
    expect(accepts(regionSchema, "eu-west-1")).toBe("eu-west-1");
    expect(accepts(regionSchema, "ap-southeast-5")).toBe("ap-southeast-5");
  });
  it("rejects other partitions with an explanation", () => {
    for (const r of ["cn-north-1", "us-gov-west-1", "us-iso-east-1"]) expect(messages(regionSchema, r)[0]).toMatch(/another AWS partition/);
  });
  it("rejects unknown regions", () => {
    expect(messages(regionSchema, "eu-west-9")).toEqual(['Region "eu-west-9" is not a region of the commercial AWS partition; use one such as us-east-1 or eu-west-1.']);
  });
});

describe("rdsScopeSchema", () => {
  it("accepts all, and patterns (lower-cased, as RDS stores identifiers)", () => {
    expect(accepts(rdsScopeSchema, { kind: "all" })).toEqual({ kind: "all" });
    expect(accepts(rdsScopeSchema, { kind: "patterns", patterns: [{ region: "*", instanceName: "ORCL-*" }, { region: "eu-*", instanceName: "db1" }] })).toEqual({
      kind: "patterns",
      patterns: [
        { region: "*", instanceName: "orcl-*" },
        { region: "eu-*", instanceName: "db1" },
      ],
    });
  });
  it("rejects bad regions, names, empty lists and unknown kinds", () => {
    expect(messages(rdsScopeSchema, { kind: "patterns", patterns: [{ region: "mars-1", instanceName: "x" }] })[0]).toMatch(/An RDS region is \*/);
    expect(messages(rdsScopeSchema, { kind: "patterns", patterns: [{ region: "*", instanceName: "bad_name" }] })[0]).toMatch(/letters, digits, hyphens and \*/);
    expect(messages(rdsScopeSchema, { kind: "patterns", patterns: [] })[0]).toMatch(/at least one entry/);
    expect(messages(rdsScopeSchema, { kind: "some" })[0]).toMatch(/RDS scope is/);
  });
});

describe("connection fields", () => {
  it("connection name: 1-128 printable characters", () => {
    expect(accepts(connectionNameSchema, " Prod AWS ")).toBe("Prod AWS");
    expect(messages(connectionNameSchema, "")[0]).toMatch(/it is empty/);
    expect(messages(connectionNameSchema, "x".repeat(129))[0]).toMatch(/too long/);
    expect(messages(connectionNameSchema, "a\tb")[0]).toMatch(/control characters/);
  });
  it("source type is Amazon Web Services", () => {
    expect(accepts(sourceTypeSchema, "Amazon Web Services")).toBe("Amazon Web Services");
    expect(messages(sourceTypeSchema, "Azure")[0]).toMatch(/Amazon Web Services/);
  });
  it("adapter type is Direct, and says why AWS Config is not", () => {
    expect(accepts(adapterTypeSchema, "Direct")).toBe("Direct");
    expect(messages(adapterTypeSchema, "AWS Config")[0]).toMatch(/AWS Config is the beacon's default but a different method/);
  });
  it("maximum session: 3600-43200 whole seconds", () => {
    expect(accepts(maxSessionSchema, 3600)).toBe(3600);
    expect(accepts(maxSessionSchema, 43200)).toBe(43200);
    expect(messages(maxSessionSchema, 3599)[0]).toMatch(/at least one hour/);
    expect(messages(maxSessionSchema, 43201)[0]).toMatch(/at most 12 hours/);
    expect(messages(maxSessionSchema, 3600.5)[0]).toMatch(/whole number/);
  });
});

describe("proxySchema", () => {
  it("normalizes the server and drops empty credentials", () => {
    expect(accepts(proxySchema, { server: "proxy:3128", username: "", password: "" })).toEqual({ server: "http://proxy:3128" });
    expect(accepts(proxySchema, { server: "https://proxy", username: "svc", password: "pw" })).toEqual({ server: "https://proxy:443", username: "svc", password: "pw" });
  });
  it("wants a username with a password, and never echoes the password", () => {
    const msgs = messages(proxySchema, { server: "proxy", password: "S3cret-Planted" });
    expect(msgs).toEqual(["A proxy password needs a username; fill in both or neither."]);
    expect(JSON.stringify(msgs)).not.toContain("S3cret-Planted");
  });
  it("rejects unknown fields and bad servers", () => {
    expect(messages(proxySchema, { server: "proxy", port: 1 })[0]).toMatch(/port/i);
    expect(messages(proxySchema, { server: "socks5://proxy:1080" })[0]).toMatch(/only http:\/\/ and https:\/\//);
  });
});
