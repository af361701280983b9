import "server-only";
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  type AttachedPolicy,
  type Group,
} from "@aws-sdk/client-iam";
import { DescribeRegionsCommand } from "@aws-sdk/client-ec2";
import type { AwsClients } from "@/lib/aws/clients";
import { decodePolicyDocument } from "@/lib/aws/documents";
import { awsErrorCode } from "@/lib/aws/errors";
import { assumeRole } from "@/lib/aws/operations/assume-role";
import { collectIamPages } from "@/lib/aws/paginate";
import { mapPool } from "@/lib/aws/pool";
import type { AccessModel, ObservedGroup, ObservedHome, ObservedInlinePolicy, ObservedManagedPolicy } from "@/lib/model/types";
import { buildReadRolesPolicies, policyArn } from "@/lib/policies";
import type { CollectorObservation } from "./detect-drift";

const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthFailure"]);

/**
 * Calls the procedure does not grant: if one succeeds as the inventory role, the role may do more than
 * the beacon needs (a wildcard or another policy). Reads only, one page, so a probe costs nothing.
 */
const ROLE_PROBES: { action: string; call: (clients: AwsClients, region: string) => Promise<unknown> }[] = [
  { action: "ec2:DescribeRegions", call: (c, region) => c.ec2(region).send(new DescribeRegionsCommand({})) },
  { action: "iam:ListRoles", call: (c) => c.iam.send(new ListRolesCommand({ MaxItems: 1 })) },
];

async function readPolicy(iam: AwsClients["iam"], arn: string): Promise<ObservedManagedPolicy | null> {
  let policy;
  try {
    policy = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
  } catch (err) {
    // Missing, or not readable by the collector: either way the linter reports the policy as missing.
    if (awsErrorCode(err) === "NoSuchEntity" || DENIED.has(awsErrorCode(err))) return null;
    throw err;
  }
  const versionId = policy?.DefaultVersionId ?? "v1";
  const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }));
  return {
    arn,
    name: policy?.PolicyName ?? arn.split("/").pop() ?? "",
    path: policy?.Path ?? "/",
    defaultVersionId: versionId,
    // The collector may not list versions (iam:ListPolicyVersions is not in the procedure): unknown.
    versions: [],
    document: decodePolicyDocument(version.PolicyVersion?.Document, `policy ${arn}`),
    attachmentCount: policy?.AttachmentCount,
  };
}

async function observeHomeAsCollector(iam: AwsClients["iam"], model: AccessModel, accessKeyId: string): Promise<{ home: ObservedHome | null; inlineKnown: boolean }> {
  let me;
  try {
    me = (await iam.send(new GetUserCommand({}))).User;
  } catch {
    return { home: null, inlineKnown: false };
  }
  const UserName = me?.UserName ?? model.names.user;
  const attached = await collectIamPages<AttachedPolicy>(async (Marker) => {
    const out = await iam.send(new ListAttachedUserPoliciesCommand({ UserName, Marker }));
    return { items: out.AttachedPolicies, isTruncated: out.IsTruncated, marker: out.Marker };
  }).catch(() => [] as AttachedPolicy[]);
  const groupList = await collectIamPages<Group>(async (Marker) => {
    const out = await iam.send(new ListGroupsForUserCommand({ UserName, Marker }));
    return { items: out.Groups, isTruncated: out.IsTruncated, marker: out.Marker };
  }).catch(() => [] as Group[]);
  const groups: ObservedGroup[] = await Promise.all(
    groupList.map(async (g) => {
      const GroupName = g.GroupName ?? "";
      const gp = await collectIamPages<AttachedPolicy>(async (Marker) => {
        const out = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName, Marker }));
        return { items: out.AttachedPolicies, isTruncated: out.IsTruncated, marker: out.Marker };
      }).catch(() => [] as AttachedPolicy[]);
      return { name: GroupName, arn: g.Arn ?? "", attachedPolicies: gp.map((p) => ({ name: p.PolicyName ?? "", arn: p.PolicyArn ?? "" })), inlinePolicies: [] };
    }),
  );
  // Probe: the procedure does not let the collector list its inline policies. If it can, someone gave
  // it more (typically with an inline policy) — and then it can also show us what they are.
  let inlineKnown = false;
  let inlinePolicies: ObservedInlinePolicy[] = [];
  try {
    const names = await collectIamPages<string>(async (Marker) => {
      const out = await iam.send(new ListUserPoliciesCommand({ UserName, Marker }));
      return { items: out.PolicyNames, isTruncated: out.IsTruncated, marker: out.Marker };
    });
    inlineKnown = true;
    inlinePolicies = await Promise.all(
      names.map(async (PolicyName) => {
        try {
          const out = await iam.send(new GetUserPolicyCommand({ UserName, PolicyName }));
          return { name: PolicyName, document: decodePolicyDocument(out.PolicyDocument, `inline policy ${PolicyName}`) };
        } catch {
          return { name: PolicyName, document: { Version: "2012-10-17" as const, Statement: [] } };
        }
      }),
    );
  } catch (err) {
    if (!DENIED.has(awsErrorCode(err))) throw err;
  }
  const readRolesArns = buildReadRolesPolicies(model).map((p) => policyArn(model.homeAccountId, model.rolePath, p.name));
  const arns = [...new Set([...attached.map((p) => p.PolicyArn ?? ""), ...groups.flatMap((g) => g.attachedPolicies.map((p) => p.arn)), ...readRolesArns].filter(Boolean))].sort();
  const policies = (await Promise.all(arns.map((arn) => readPolicy(iam, arn)))).filter((p): p is ObservedManagedPolicy => p !== null);
  return {
    inlineKnown,
    home: {
      accountId: model.homeAccountId,
      user: {
        name: UserName,
        arn: me?.Arn ?? "",
        attachedPolicies: attached.map((p) => ({ name: p.PolicyName ?? "", arn: p.PolicyArn ?? "" })),
        inlinePolicies,
        groups,
        // The key just answered GetUser, so it is active; the collector may not list the others.
        accessKeys: [{ accessKeyId, status: "Active" }],
      },
      policies,
    },
  };
}

/**
 * What the collector can learn about drift beyond the connection test: its own user and policies, and,
 * for each role it can assume, whether the role also opens without the external ID and whether calls
 * outside the inventory policy succeed.
 */
export async function observeWithCollector(
  collector: AwsClients,
  model: AccessModel,
  input: { accessKeyId: string; reachableRoles: { accountId: string; roleArn: string }[]; signal?: AbortSignal },
): Promise<CollectorObservation> {
  const { home, inlineKnown } = await observeHomeAsCollector(collector.iam, model, input.accessKeyId);
  const targets: CollectorObservation["targets"] = {};
  const region = model.regions[0] ?? "us-east-1";
  await mapPool(
    input.reachableRoles,
    8,
    async ({ accountId, roleArn }) => {
      let assumedWithoutExternalId = false;
      if (model.externalId) {
        try {
          await assumeRole(collector, { roleArn, sessionName: "beaconport-drift-check" });
          assumedWithoutExternalId = true;
        } catch {
          // Refused: the trust still requires the external ID, as intended.
        }
      }
      const extraActions: string[] = [];
      try {
        const creds = await assumeRole(collector, { roleArn, externalId: model.externalId, sessionName: "beaconport-drift-check" });
        const session = collector.withCredentials(creds);
        for (const probe of ROLE_PROBES) {
          try {
            await probe.call(session, region);
            extraActions.push(probe.action);
          } catch {
            // Denied is the intended answer.
          }
        }
      } catch {
        // The connection test reports an unreachable role; nothing more to probe.
      }
      targets[accountId] = { extraActions, assumedWithoutExternalId };
    },
    input.signal,
  );
  return { home, inlinePoliciesKnown: inlineKnown, targets };
}
