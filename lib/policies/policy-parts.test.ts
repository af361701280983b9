import { describe, expect, it } from "vitest";
import type { PolicyDocument } from "@/lib/model/types";
import { asList, externalIdsOf, principalsOf } from "./policy-parts";

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
});
