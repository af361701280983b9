import "server-only";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import type { PolicyDocument } from "@/lib/model/types";
import { allowStatements, asList, externalIdsOf, statementCoversAction } from "@/lib/policies";
import type { AwsClients } from "../clients";
import { decodePolicyDocument } from "../documents";
import { awsErrorCode } from "../errors";
import { reachAccount, type AccountAccess } from "../operations/reach-account";

export interface AssumeRoleDiagnosis {
  /** Which of the possible causes it is, when administrator access could tell. */
  reason: "role-missing" | "trust-principal" | "external-id-missing" | "external-id-mismatch" | "external-id-not-required" | "trust-looks-right" | "unknown";
  cause: string;
  fix: string;
}

/** Pure: why would this trust policy refuse `principalArn` of `homeAccountId` with `externalId`? */
export function diagnoseTrustPolicy(trust: PolicyDocument, homeAccountId: string, principalArn: string | undefined, externalId: string | undefined): AssumeRoleDiagnosis {
  // The statements that let someone assume the role, read as IAM reads them (wildcards, NotAction).
  const allowing = allowStatements(trust).filter((s) => statementCoversAction(s, "sts:AssumeRole"));
  const trusts = (s: (typeof allowing)[number]) => {
    if (s.Principal === "*") return true;
    const aws = s.Principal ? asList(s.Principal.AWS) : [];
    return aws.some((p) => p === "*" || p === homeAccountId || p === `arn:aws:iam::${homeAccountId}:root` || (principalArn !== undefined && p === principalArn));
  };
  const trusting = allowing.filter(trusts);
  if (trusting.length === 0) {
    return {
      reason: "trust-principal",
      cause: `The role's trust policy does not name the home account ${homeAccountId} (or the collector user) as principal.`,
      fix: `Edit the role's trust relationship: "Another AWS account" with account ID ${homeAccountId} (step 4.4).`,
    };
  }
  const required = new Set(externalIdsOf({ ...trust, Statement: trusting }));
  if (required.size === 0) {
    return {
      reason: externalId ? "external-id-not-required" : "trust-looks-right",
      cause: "The role exists and trusts the home account without an external ID condition; the refusal is most likely IAM propagation or the read-roles policy.",
      fix: "Wait a minute and test again; check that the read-roles policy is attached as a managed policy.",
    };
  }
  if (!externalId) {
    return {
      reason: "external-id-missing",
      cause: "The role requires an external ID but the connection has none.",
      fix: "Enter the role's external ID in the beacon's External ID field (step 8.3).",
    };
  }
  if (!required.has(externalId)) {
    return {
      reason: "external-id-mismatch",
      cause: "The external ID entered differs from the one in the role's trust policy.",
      fix: "Use the same external ID in the beacon as in every role's trust policy (steps 4.5 and 8.3).",
    };
  }
  return {
    reason: "trust-looks-right",
    cause: "The role exists and its trust policy matches; the refusal is most likely IAM propagation (a role or policy changed moments ago) or a permission boundary / SCP.",
    fix: "Wait a minute and test again.",
  };
}

/**
 * With administrator access to the target account (optional: the beacon itself has none), reads
 * the role to say which of AccessDenied's possible causes it is.
 */
export async function diagnoseAssumeRole(
  admin: { home: AwsClients; homeAccountId: string; access: AccountAccess },
  roleArn: string,
  principalArn: string | undefined,
  externalId: string | undefined,
): Promise<AssumeRoleDiagnosis> {
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  if (!m) return { reason: "unknown", cause: "The role ARN could not be read.", fix: "Check the role ARN in the read-roles policy." };
  const [, accountId, roleName] = m as unknown as [string, string, string];
  try {
    const clients = await reachAccount(admin.home, admin.homeAccountId, accountId, admin.access, "beaconport-diagnose");
    const role = (await clients.iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
    if (role?.Arn && role.Arn !== roleArn) {
      return {
        reason: "role-missing",
        cause: `No role with this exact ARN: the role exists as ${role.Arn} (another path).`,
        fix: "Put the role's exact ARN, path included, in the read-roles policy (step 3.8).",
      };
    }
    return diagnoseTrustPolicy(decodePolicyDocument(role?.AssumeRolePolicyDocument, `trust policy of ${roleArn}`), admin.homeAccountId, principalArn, externalId);
  } catch (err) {
    if (awsErrorCode(err) === "NoSuchEntity") {
      return {
        reason: "role-missing",
        cause: `The role ${roleName} does not exist in account ${accountId}.`,
        fix: "Create the role in that account (step 4), or remove its ARN from the read-roles policy.",
      };
    }
    return { reason: "unknown", cause: "The target account could not be read to narrow the cause down.", fix: "Check the role in the target account by hand." };
  }
}
