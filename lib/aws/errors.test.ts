import { describe, expect, it } from "vitest";
import { ASSUME_ROLE_DENIED_CAUSES, awsErrorCode, toAwsOperationError } from "./errors";
import { redactSecrets, registerSecret } from "./redact";

/** Shaped like what the SDK throws for a query-protocol error. */
function sdkError(name: string, code: string | undefined, message: string, status: number, attempts = 1) {
  return Object.assign(new Error(message), { name, Code: code, $metadata: { httpStatusCode: status, attempts, requestId: "req-1" } });
}

describe("awsErrorCode", () => {
  it("prefers the wire code, and strips the SDK's Exception suffix for modelled IAM errors", () => {
    expect(awsErrorCode(sdkError("NoSuchEntityException", "NoSuchEntity", "x", 404))).toBe("NoSuchEntity");
    expect(awsErrorCode(sdkError("NoSuchEntityException", undefined, "x", 404))).toBe("NoSuchEntity");
    expect(awsErrorCode(sdkError("AWSOrganizationsNotInUseException", undefined, "x", 400))).toBe("AWSOrganizationsNotInUseException");
    expect(awsErrorCode(Object.assign(new Error("connect"), { code: "ECONNREFUSED" }))).toBe("ECONNREFUSED");
    expect(awsErrorCode("nope")).toBe("Unknown");
  });
});

describe("toAwsOperationError", () => {
  it("lists every possible cause for AccessDenied on AssumeRole", () => {
    const e = toAwsOperationError(sdkError("AccessDenied", "AccessDenied", "User: x is not authorized to perform: sts:AssumeRole", 403), { action: "sts:AssumeRole" });
    expect(e.code).toBe("AWS_ACCESS_DENIED");
    for (const cause of ASSUME_ROLE_DENIED_CAUSES) expect(e.cause).toContain(cause);
  });

  it("names the action for AccessDenied elsewhere", () => {
    const e = toAwsOperationError(sdkError("AccessDenied", "AccessDenied", "denied", 403), { action: "iam:ListAttachedGroupPolicies" });
    expect(e.cause).toContain("iam:ListAttachedGroupPolicies");
    expect(e.message).toContain("iam:ListAttachedGroupPolicies: AccessDenied");
  });

  it("maps a 407 from the proxy to AWS_PROXY_AUTH", () => {
    const e = toAwsOperationError(sdkError("Unknown", undefined, "UnknownError", 407));
    expect(e.code).toBe("AWS_PROXY_AUTH");
    expect(e.fix).toMatch(/proxy username and password/);
  });

  it("reports giving up on throttling after the last attempt", () => {
    const e = toAwsOperationError(sdkError("Throttling", "Throttling", "Rate exceeded", 400, 4), { action: "iam:GetRole", maxAttempts: 4 });
    expect(e.code).toBe("AWS_THROTTLED");
    expect(e.gaveUp).toBe(true);
    expect(e.message).toContain("gave up after 4 attempts");
    const early = toAwsOperationError(sdkError("Throttling", "Throttling", "Rate exceeded", 400, 2), { action: "iam:GetRole", maxAttempts: 4 });
    expect(early.gaveUp).toBeUndefined();
  });

  it("distinguishes the limit errors of access keys and policy versions", () => {
    expect(toAwsOperationError(sdkError("LimitExceededException", "LimitExceeded", "x", 409), { action: "iam:CreateAccessKey" }).cause).toMatch(/two access keys/);
    expect(toAwsOperationError(sdkError("LimitExceededException", "LimitExceeded", "x", 409), { action: "iam:CreatePolicyVersion" }).cause).toMatch(/five versions/);
  });

  it("never carries a planted secret, registered or not", () => {
    const registered = "pLanTeDsEcReT/registered+value0123456789";
    registerSecret(registered);
    const unregistered = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/+Ab"; // 40 characters, AWS secret-key shaped
    const e = toAwsOperationError(
      sdkError("SignatureDoesNotMatch", "SignatureDoesNotMatch", `bad ${registered} and ${unregistered} via http://bob:hunter2pass@proxy:3128`, 403),
      { action: "iam:GetUser" },
    );
    const all = JSON.stringify(e.toJSON()) + e.message + e.stack;
    expect(all).not.toContain(registered);
    expect(all).not.toContain(unregistered);
    expect(all).not.toContain("hunter2pass");
    expect(e.code).toBe("AWS_INVALID_CREDENTIALS");
  });
});

describe("redactSecrets", () => {
  it("leaves ARNs, account IDs and access key IDs readable", () => {
    const text = "arn:aws:iam::123456789012:role/ListEC2ForFNMSRole AKIAABCDEFGHIJKLMNOP";
    expect(redactSecrets(text)).toBe(text);
  });
});

describe("awsErrorToAppError", () => {
  it("carries code, cause and fix into the portal's AppError", async () => {
    const { awsErrorToAppError } = await import("./to-app-error");
    const e = toAwsOperationError(sdkError("LimitExceededException", "LimitExceeded", "x", 409), { action: "iam:CreateAccessKey" });
    const app = awsErrorToAppError(e);
    expect(app?.code).toBe("CONFLICT");
    expect(app?.userMessage).toContain("two access keys");
    expect(app?.hint).toBe(e.fix);
    expect(awsErrorToAppError(new Error("other"))).toBeUndefined();
  });
});

describe("a 5xx from AWS (issue #14)", () => {
  it("names the call and the HTTP status", () => {
    const e = toAwsOperationError(sdkError("InternalError", "InternalError", "We encountered an internal error.", 500, 1), { action: "ec2:DescribeReservedInstances" });
    expect(e.cause).toContain("ec2:DescribeReservedInstances");
    expect(e.cause).toContain("HTTP 500");
    expect(e.fix).toBe("Run again in a moment.");
  });

  it("after repeated identical failures, says the endpoint may not support the call", () => {
    const e = toAwsOperationError(sdkError("InternalError", "InternalError", "We encountered an internal error.", 500, 3), { action: "ec2:DescribeReservedInstances" });
    expect(e.cause).toContain("ec2:DescribeReservedInstances");
    expect(e.cause).toContain("HTTP 500");
    expect(e.cause).toContain("3 attempts");
    expect(e.fix).not.toContain("Run again in a moment");
    expect(e.fix).toMatch(/endpoint may not support ec2:DescribeReservedInstances/);
  });
});
