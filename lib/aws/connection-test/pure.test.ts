import { describe, expect, it } from "vitest";
import { assumeRoleResources } from "./assume-role-resources";
import { diagnoseTrustPolicy } from "./diagnose-assume-role";

describe("assumeRoleResources", () => {
  it("keeps exact role ARNs and flags wildcards, NotResource and non-role resources", () => {
    const r = assumeRoleResources([
      {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["iam:GetUser"], Resource: "*" },
          { Effect: "Allow", Action: "sts:AssumeRole", Resource: ["arn:aws:iam::333333333333:role/R", "arn:aws:iam::222222222222:role/R", "arn:aws:iam::*:role/R"] },
          { Effect: "Allow", Action: "sts:*", NotResource: "arn:aws:iam::444444444444:role/X" },
          { Effect: "Deny", Action: "sts:AssumeRole", Resource: "arn:aws:iam::555555555555:role/R" },
        ],
      },
      { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
    ]);
    expect(r.exact).toEqual(["arn:aws:iam::222222222222:role/R", "arn:aws:iam::333333333333:role/R"]);
    expect(r.unusable).toEqual(["*", "NotResource \"arn:aws:iam::444444444444:role/X\"", "arn:aws:iam::*:role/R"]);
  });
});

describe("diagnoseTrustPolicy", () => {
  const trust = (principal: string, externalId?: string) => ({
    Version: "2012-10-17" as const,
    Statement: [
      {
        Effect: "Allow" as const,
        Principal: { AWS: principal },
        Action: "sts:AssumeRole",
        ...(externalId ? { Condition: { StringEquals: { "sts:ExternalId": externalId } } } : {}),
      },
    ],
  });
  const user = "arn:aws:iam::111111111111:user/FNMSUser";

  it("tells a wrong principal, a missing or different external ID, and a trust that looks right apart", () => {
    expect(diagnoseTrustPolicy(trust("arn:aws:iam::999999999999:root", "x1"), "111111111111", user, "x1").reason).toBe("trust-principal");
    expect(diagnoseTrustPolicy(trust("arn:aws:iam::111111111111:root", "x1"), "111111111111", user, undefined).reason).toBe("external-id-missing");
    expect(diagnoseTrustPolicy(trust("arn:aws:iam::111111111111:root", "x1"), "111111111111", user, "x2").reason).toBe("external-id-mismatch");
    expect(diagnoseTrustPolicy(trust("111111111111", "x1"), "111111111111", user, "x1").reason).toBe("trust-looks-right");
    expect(diagnoseTrustPolicy(trust(user), "111111111111", user, undefined).reason).toBe("trust-looks-right");
  });

  it("reads the statement's actions as IAM does (wildcards such as sts:Assume*, NotAction), with the one matcher of lib/policies", () => {
    const withAction = (action: Record<string, unknown>) => ({
      Version: "2012-10-17" as const,
      Statement: [{ Effect: "Allow" as const, Principal: { AWS: "arn:aws:iam::111111111111:root" }, ...action, Condition: { StringEquals: { "sts:ExternalId": "x1" } } }],
    });
    for (const action of [{ Action: "sts:Assume*" }, { Action: ["sts:TagSession", "STS:ASSUMEROLE"] }, { NotAction: "sts:TagSession" }]) {
      expect(diagnoseTrustPolicy(withAction(action), "111111111111", user, "x2").reason, JSON.stringify(action)).toBe("external-id-mismatch");
    }
    // A statement that does not grant sts:AssumeRole is not the trust the beacon relies on.
    expect(diagnoseTrustPolicy(withAction({ Action: "sts:AssumeRoleWithSAML" }), "111111111111", user, "x1").reason).toBe("trust-principal");
  });
});
