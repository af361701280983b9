import { describe, expect, it } from "vitest";
import type { PolicyDocument } from "@/lib/model/types";
import { describeGrant, diffPolicies, policiesEquivalent } from "./compare-policies";

const doc = (...Statement: PolicyDocument["Statement"]): PolicyDocument => ({ Version: "2012-10-17", Statement });

describe("policiesEquivalent", () => {
  const a = doc(
    { Sid: "A", Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:DescribeHosts"], Resource: "*" },
    { Sid: "B", Effect: "Allow", Action: "sts:AssumeRole", Resource: ["arn:aws:iam::111122223333:role/R", "arn:aws:iam::444455556666:role/R"] },
  );

  it("ignores statement order, action/resource order, Sids and string-vs-array forms", () => {
    const b = doc(
      { Effect: "Allow", Action: ["sts:AssumeRole"], Resource: ["arn:aws:iam::444455556666:role/R", "arn:aws:iam::111122223333:role/R"] },
      { Sid: "Other", Effect: "Allow", Action: ["ec2:DescribeHosts", "ec2:DescribeInstances"], Resource: ["*"] },
    );
    expect(policiesEquivalent(a, b)).toBe(true);
  });
  it("ignores the case of action names and how actions are grouped into statements", () => {
    const b = doc(
      { Effect: "Allow", Action: "EC2:describeinstances", Resource: "*" },
      { Effect: "Allow", Action: "ec2:DescribeHosts", Resource: "*" },
      { Effect: "Allow", Action: "STS:AssumeRole", Resource: "arn:aws:iam::111122223333:role/R" },
      { Effect: "Allow", Action: "sts:assumerole", Resource: "arn:aws:iam::444455556666:role/R" },
    );
    expect(policiesEquivalent(a, b)).toBe(true);
  });
  it("sees a removed resource, an added action, a changed effect and a changed version", () => {
    const fewer = doc(a.Statement[0]!, { Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111122223333:role/R" });
    const d = diffPolicies(a, fewer);
    expect(d.equivalent).toBe(false);
    expect(d.onlyInA.map(describeGrant)).toEqual(["Allow sts:assumerole on arn:aws:iam::444455556666:role/R"]);
    expect(d.onlyInB).toEqual([]);

    const more = doc(...a.Statement, { Effect: "Allow", Action: "ec2:DescribeRegions", Resource: "*" });
    expect(diffPolicies(a, more).onlyInB.map(describeGrant)).toEqual(["Allow ec2:describeregions on *"]);

    const deny = doc({ ...a.Statement[0]!, Effect: "Deny" }, a.Statement[1]!);
    expect(policiesEquivalent(a, deny)).toBe(false);

    const old: PolicyDocument = { ...a, Version: "2008-10-17" };
    expect(diffPolicies(a, old)).toMatchObject({ equivalent: false, versionChanged: true, onlyInA: [], onlyInB: [] });
  });
  it("treats resource ARNs as case-sensitive (IAM does)", () => {
    const upper = doc(a.Statement[0]!, { Effect: "Allow", Action: "sts:AssumeRole", Resource: ["arn:aws:iam::111122223333:role/r", "arn:aws:iam::444455556666:role/R"] });
    expect(policiesEquivalent(a, upper)).toBe(false);
  });
  it("compares trust policies: a bare account ID principal equals its root ARN; conditions matter", () => {
    const t1 = doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "x1" } } });
    const t2 = doc({ Effect: "Allow", Principal: { AWS: ["111122223333"] }, Action: "sts:AssumeRole", Condition: { StringEquals: { "STS:EXTERNALID": ["x1"] } } });
    expect(policiesEquivalent(t1, t2)).toBe(true);
    const t3 = doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "x2" } } });
    expect(policiesEquivalent(t1, t3)).toBe(false);
    const t4 = doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" });
    expect(policiesEquivalent(t1, t4)).toBe(false);
  });
  it("keeps NotAction and NotResource sets apart from Action and Resource", () => {
    const n1 = doc({ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" });
    const n2 = doc({ Effect: "Allow", Action: ["iam:*"], Resource: "*" });
    expect(policiesEquivalent(n1, n2)).toBe(false);
    expect(policiesEquivalent(n1, doc({ Effect: "Allow", NotAction: "IAM:*", Resource: ["*"] }))).toBe(true);
  });
});
