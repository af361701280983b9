import type { AccessModel, PolicyDocument, PolicyStatement } from "@/lib/model/types";
import { SID } from "./constants";
import { accountRootArn } from "./arns";

/**
 * Step 4: "Another AWS account" with the home account's ID, which the console writes as the
 * account's root ARN; the `sts:ExternalId` condition only when an external ID is set (step 4.5).
 */
export function buildTrustPolicy(model: AccessModel): PolicyDocument {
  const statement: PolicyStatement = {
    Sid: SID.trust,
    Effect: "Allow",
    Principal: { AWS: accountRootArn(model.homeAccountId) },
    Action: "sts:AssumeRole",
  };
  if (model.externalId !== undefined) {
    statement.Condition = { StringEquals: { "sts:ExternalId": model.externalId } };
  }
  return { Version: "2012-10-17", Statement: [statement] };
}
