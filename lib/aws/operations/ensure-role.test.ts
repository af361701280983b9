import { afterAll, afterEach, describe, expect, it } from "vitest";
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { parseAccessModel } from "@/lib/model";
import { buildTrustPolicy } from "@/lib/policies";
import { AwsOperationError } from "../errors";
import { applyRole, plannedRoleChanges, trustRequiresExternalId, type DesiredRole, type RoleState } from "./ensure-role";

const withId = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["444455556666"], externalId: "ext-plan-lines-0001" });
const withoutId = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["444455556666"] });

const desired = (trustPolicy: DesiredRole["trustPolicy"]): DesiredRole => ({
  accountId: "444455556666",
  name: "ListEC2ForFNMSRole",
  path: "/",
  trustPolicy,
  maxSessionDurationSeconds: 3600,
  policyArn: "arn:aws:iam::444455556666:policy/ListInventoryForFNMS",
});
const ARN = "arn:aws:iam::444455556666:role/ListEC2ForFNMSRole";
const missing: RoleState = { exists: false, arn: ARN };
const otherTrust: RoleState = {
  exists: true,
  arn: ARN,
  path: "/",
  trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" }] },
  trustMatches: false,
  maxSessionDurationSeconds: 3600,
  attached: true,
  otherAttachments: [],
};

describe("plan lines for a trust say whether the external ID is required", () => {
  it.each([
    ["with an external ID", withId, "(requires external ID)"],
    ["without one", withoutId, "(no external ID)"],
  ])("%s: creating the role and replacing its trust", (_, model, suffix) => {
    const want = desired(buildTrustPolicy(model));
    const trustLines = [...plannedRoleChanges(missing, want), ...plannedRoleChanges(otherTrust, want)].filter((c) => c.kind === "create-role" || c.kind === "update-trust-policy");
    expect(trustLines.map((c) => c.kind)).toEqual(["create-role", "update-trust-policy"]);
    for (const line of trustLines) expect(line.description.endsWith(suffix), line.description).toBe(true);
  });

  it("reads the condition under any operator and case, and only when every Allow statement has it", () => {
    const stmt = (condition?: Record<string, Record<string, string>>) => ({ Effect: "Allow" as const, Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) });
    expect(trustRequiresExternalId({ Version: "2012-10-17", Statement: [stmt({ StringLike: { "STS:ExternalId": "x*" } })] })).toBe(true);
    expect(trustRequiresExternalId({ Version: "2012-10-17", Statement: [stmt({ StringEquals: { "sts:ExternalId": "x" } }), stmt()] })).toBe(false);
    expect(trustRequiresExternalId({ Version: "2012-10-17", Statement: [stmt()] })).toBe(false);
  });
});

describe("a role created whose policy then failed (issue #14)", () => {
  // Mocks every IAMClient (the prototype's send): restored after the file's tests, as the next test file
  // in this worker shares the module (vitest.config.ts: the "shared" project) and must reach the sandbox.
  const iam = mockClient(IAMClient);
  afterEach(() => iam.reset());
  afterAll(() => iam.restore());
  const sdkError = (name: string, message: string, httpStatusCode: number) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
  const want = desired(buildTrustPolicy(withId));

  it("reports both: the role was created, and attaching the policy failed", async () => {
    iam.on(CreateRoleCommand).resolves({ Role: { Arn: ARN, RoleName: "ListEC2ForFNMSRole", Path: "/", RoleId: "AROAEXAMPLE", CreateDate: new Date() } });
    iam.on(AttachRolePolicyCommand).rejects(sdkError("NoSuchEntityException", "Policy arn:aws:iam::444455556666:policy/ListInventoryForFNMS does not exist or is not attachable.", 404));
    const err = await applyRole(new IAMClient({ region: "us-east-1" }), want, missing).then(
      () => null,
      (e: unknown) => e,
    );
    const e = err as AwsOperationError;
    expect(e.message).toContain(`Created role ${ARN}`);
    expect(e.message).toContain("NoSuchEntity");
    expect(err).toBeInstanceOf(AwsOperationError);
    expect(e.cause).toContain(`Role ${ARN} was created`);
    expect(e.cause).toContain("ListInventoryForFNMS is not attached");
  });

  it("reports both when the policy it waits for could not be created", async () => {
    iam.on(CreateRoleCommand).resolves({ Role: { Arn: ARN, RoleName: "ListEC2ForFNMSRole", Path: "/", RoleId: "AROAEXAMPLE", CreateDate: new Date() } });
    const policyFailed = Promise.reject(sdkError("AccessDenied", "User is not authorized to perform: iam:CreatePolicy", 403));
    policyFailed.catch(() => undefined);
    const err = await applyRole(new IAMClient({ region: "us-east-1" }), want, missing, policyFailed).then(
      () => null,
      (e: unknown) => e,
    );
    const e = err as AwsOperationError;
    expect(e.message).toContain(`Created role ${ARN}`);
    expect(e.message).toContain("iam:CreatePolicy");
    expect(e.cause).toContain(`Role ${ARN} was created`);
    expect(iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(0);
  });
});
