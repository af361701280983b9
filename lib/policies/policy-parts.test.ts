import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PolicyDocument } from "@/lib/model/types";
import { allowStatements, asList, externalIdsOf, principalsOf, statementRequiresExternalId } from "./policy-parts";

const ROOT = path.resolve(import.meta.dirname, "../..");

function* portalSources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* portalSources(full);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield full;
  }
}

const trust: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111111111111:root"], Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": ["zz", "aa"] } } },
    { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "denied" } } },
  ],
};

describe("policy parts", () => {
  it("asList reads a string, a list or nothing", () => {
    expect([asList("a"), asList(["a", "b"]), asList(undefined)]).toEqual([["a"], ["a", "b"], []]);
  });
  it("externalIdsOf reads the Allow statements' external IDs, sorted", () => {
    expect(externalIdsOf(trust)).toEqual(["aa", "zz"]);
  });
  it("principalsOf names who may assume the role, sorted", () => {
    expect(principalsOf(trust)).toEqual(["Service: ec2.amazonaws.com", "arn:aws:iam::111111111111:root"]);
    expect(principalsOf({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }] })).toEqual(["* (anyone)"]);
  });
  it("allowStatements keeps the Allow statements; statementRequiresExternalId sees the condition under any operator", () => {
    expect(allowStatements(trust)).toEqual([trust.Statement[0]]);
    expect(allowStatements({ Version: "2012-10-17" } as PolicyDocument)).toEqual([]);
    expect(trust.Statement.map(statementRequiresExternalId)).toEqual([true, true]);
    expect(statementRequiresExternalId({ Effect: "Allow", Action: "sts:AssumeRole", Condition: { StringLike: { "STS:EXTERNALID": "a*" } } })).toBe(true);
    expect(statementRequiresExternalId({ Effect: "Allow", Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } })).toBe(false);
  });

  it("is the only copy: no other portal file defines these helpers or reads \"a string or a list\" by hand", () => {
    const copy = /function (asList|externalIdsOf|principalsOf|allowStatements)\b|Array\.isArray\(([\w.]+)\) \? \2 : \[\2\]|toLowerCase\(\) === "sts:externalid"/;
    const offenders = ["lib", "components", "app"]
      .flatMap((d) => [...portalSources(path.join(ROOT, d))])
      .filter((f) => path.relative(ROOT, f) !== path.join("lib", "policies", "policy-parts.ts") && copy.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
