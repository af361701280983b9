import { describe, expect, it } from "vitest";
import type { PolicyDocument } from "@/lib/model/types";
import { hasWildcard, policiesAllow, wildcardMatch } from "./evaluate-actions";

const doc = (...Statement: PolicyDocument["Statement"]): PolicyDocument => ({ Version: "2012-10-17", Statement });

describe("wildcardMatch", () => {
  it("matches * and ? like IAM, actions case-insensitively, ARNs case-sensitively", () => {
    expect(wildcardMatch("iam:List*", "iam:ListAttachedGroupPolicies")).toBe(true);
    expect(wildcardMatch("IAM:list*", "iam:ListGroupsForUser")).toBe(true);
    expect(wildcardMatch("iam:Get?ser", "iam:GetUser")).toBe(true);
    expect(wildcardMatch("iam:Get*", "iam:ListUsers")).toBe(false);
    expect(wildcardMatch("arn:aws:iam::*:role/R", "arn:aws:iam::1:role/r", false)).toBe(false);
    expect(wildcardMatch("a.b", "axb")).toBe(false);
    expect(hasWildcard("arn:aws:iam::*:role/R")).toBe(true);
    expect(hasWildcard("arn:aws:iam::111122223333:role/R")).toBe(false);
  });
});

describe("policiesAllow", () => {
  it("grants through wildcards and NotAction, and lets an explicit Deny win", () => {
    expect(policiesAllow([doc({ Effect: "Allow", Action: "iam:List*", Resource: "*" })], "iam:ListAttachedGroupPolicies")).toBe(true);
    expect(policiesAllow([doc({ Effect: "Allow", NotAction: "s3:*", Resource: "*" })], "iam:GetUser")).toBe(true);
    expect(policiesAllow([doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })], "iam:GetUser")).toBe(false);
    expect(
      policiesAllow([doc({ Effect: "Allow", Action: "iam:*", Resource: "*" }), doc({ Effect: "Deny", Action: "iam:ListAttachedGroupPolicies", Resource: "*" })], "iam:ListAttachedGroupPolicies"),
    ).toBe(false);
    expect(policiesAllow([], "iam:GetUser")).toBe(false);
  });
  it("checks a specific resource when asked", () => {
    const d = [doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111122223333:role/R" })];
    expect(policiesAllow(d, "sts:AssumeRole", "arn:aws:iam::111122223333:role/R")).toBe(true);
    expect(policiesAllow(d, "sts:AssumeRole", "arn:aws:iam::444455556666:role/R")).toBe(false);
  });
});
