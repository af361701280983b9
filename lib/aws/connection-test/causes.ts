/**
 * Plain-language cause and fix for each failing beacon call, keyed by what the beacon was doing:
 * the same AWS code means different things at different steps of the procedure. Pure.
 */
import { ASSUME_ROLE_DENIED_CAUSES, isThrottlingCode, type AwsOperationError } from "../errors";
import type { ConnectionCheck } from "./types";

const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthFailure"]);

type Explained = Pick<ConnectionCheck, "cause" | "fix" | "procedureStep">;

export function explainCheckFailure(check: string, err: AwsOperationError, subject?: string): Explained {
  const code = err.awsCode;
  if (err.code === "AWS_PROXY_AUTH" || err.code === "AWS_NETWORK" || err.code === "AWS_INVALID_CREDENTIALS" || isThrottlingCode(code)) {
    return { cause: err.cause, fix: err.fix, procedureStep: err.code === "AWS_PROXY_AUTH" || err.code === "AWS_NETWORK" ? 8 : err.code === "AWS_INVALID_CREDENTIALS" ? 6 : undefined };
  }
  if (!DENIED.has(code)) return { cause: err.cause, fix: err.fix };
  switch (check) {
    case "iam:GetUser":
    case "iam:ListAttachedUserPolicies":
    case "iam:ListGroupsForUser":
    case "iam:GetPolicy":
    case "iam:GetPolicyVersion":
      return {
        cause: `The collector user may not call ${check}. The read-roles policy (step 3) is missing, not attached to this user as a managed policy, or lacks ${check}.`,
        fix: `Attach the read-roles policy to the user with "Attach policies" (step 6.5), and make sure it grants ${check}.`,
        procedureStep: 3,
      };
    case "iam:ListAttachedGroupPolicies":
      return {
        cause: `The user is in group ${subject ?? "(a group)"} but may not call iam:ListAttachedGroupPolicies. The procedure is explicit: if the user has any group and this permission is missing, no inventory can be collected.`,
        fix: "Add iam:ListAttachedGroupPolicies to the read-roles policy (step 3.5), or remove the user from its groups.",
        procedureStep: 3,
      };
    case "sts:AssumeRole":
      return {
        cause: `AWS refused to let the collector assume ${subject ?? "the role"} (it gives the same answer for every reason). Possible causes: ${ASSUME_ROLE_DENIED_CAUSES.join("; ")}.`,
        fix: "Check that the role exists in the target account with this exact name and path, that it trusts the home account, and that the external ID entered in the beacon is the one in its trust policy.",
        procedureStep: 4,
      };
    case "iam:ListAccountAliases":
    case "ec2:DescribeInstances":
    case "ec2:DescribeHosts":
    case "ec2:DescribeReservedInstances":
      return {
        cause: `The role may not call ${check}: the inventory policy (step 2) is not attached to the role, or lacks this action.`,
        fix: `Attach the inventory policy to the role (step 4.7) and make sure it grants ${check} on all resources.`,
        procedureStep: 2,
      };
    case "rds:DescribeDBInstances":
      return {
        cause: "The role may not list RDS instances here: the inventory policy lacks rds:DescribeDBInstances, or its DB resource ARNs (step 2.16) do not cover this region or these instances.",
        fix: "Widen the RDS resource ARNs of the inventory policy to the regions and instance names to inventory (e.g. arn:aws:rds:*:ACCOUNT:db:*).",
        procedureStep: 2,
      };
    default:
      return { cause: err.cause, fix: err.fix };
  }
}
