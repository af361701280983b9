import type { AccessModel, PolicyDocument, PolicyStatement } from "@/lib/model/types";
import { ASSUME_ROLE_ACTION, MANAGED_POLICY_MAX, READ_ROLES_ACTIONS, SID } from "./constants";
import { roleArn } from "./arns";

export interface ReadRolesPolicy {
  name: string;
  document: PolicyDocument;
  /** The exact role ARNs this policy allows to assume, in document order. */
  roleArns: string[];
}

/** Name of the n-th (1-based) read-roles policy: the base name, then `-2`, `-3`, ... */
export function readRolesPolicyName(model: AccessModel, index: number): string {
  return index === 1 ? model.names.readRolesPolicy : `${model.names.readRolesPolicy}-${index}`;
}

function documentFor(first: boolean, arns: string[]): PolicyDocument {
  const statements: PolicyStatement[] = [];
  // The beacon reads its own user and policies once; repeating the statement would only cost room.
  if (first) statements.push({ Sid: SID.readRoles, Effect: "Allow", Action: [...READ_ROLES_ACTIONS], Resource: "*" });
  statements.push({ Sid: SID.assumeRoles, Effect: "Allow", Action: ASSUME_ROLE_ACTION, Resource: arns });
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * Step 3: the home account's read-roles policy, with `sts:AssumeRole` on the exact ARN of every
 * target account's role (never a wildcard: the beacon discovers accounts from these ARNs).
 * When the ARNs do not fit in one managed policy (6,144 characters without whitespace), they are
 * spread over `NAME`, `NAME-2`, `NAME-3`, ...; each is filled as far as it goes, in account order,
 * so the split is predictable. Sizes are computed arithmetically, once per ARN: linear in the
 * number of accounts (2,000 accounts in well under a millisecond per policy).
 */
export function buildReadRolesPolicies(model: AccessModel): ReadRolesPolicy[] {
  const arns = model.targetAccountIds.map((id) => roleArn(model, id));
  const policies: ReadRolesPolicy[] = [];
  let index = 1;
  let i = 0;
  do {
    // Size of the document with an empty resource list; each ARN adds its JSON string length, plus a comma after the first.
    const base = JSON.stringify(documentFor(index === 1, [])).length;
    let size = base;
    const chunk: string[] = [];
    while (i < arns.length) {
      const arn = arns[i] as string;
      const add = JSON.stringify(arn).length + (chunk.length > 0 ? 1 : 0);
      if (size + add > MANAGED_POLICY_MAX) break;
      chunk.push(arn);
      size += add;
      i++;
    }
    if (chunk.length === 0 && i < arns.length) {
      // Only possible with absurd names (IAM caps role name and path well below the limit); fail loudly rather than loop.
      throw new Error(`Role ARN ${arns[i]} does not fit in a managed policy of ${MANAGED_POLICY_MAX} characters.`);
    }
    policies.push({ name: readRolesPolicyName(model, index), document: documentFor(index === 1, chunk), roleArns: chunk });
    index++;
  } while (i < arns.length);
  return policies;
}
