import "server-only";
import {
  GetAccessKeyLastUsedCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  type AccessKeyMetadata,
  type AttachedPolicy,
  type Group,
  type IAMClient,
} from "@aws-sdk/client-iam";
import type {
  AccessModel,
  ObservedAccessKey,
  ObservedAttachment,
  ObservedGroup,
  ObservedHome,
  ObservedInlinePolicy,
  ObservedManagedPolicy,
  ObservedState,
  ObservedTarget,
} from "@/lib/model/types";
import { buildReadRolesPolicies, policyArn } from "@/lib/policies";
import type { AwsClients } from "../clients";
import { decodePolicyDocument } from "../documents";
import { awsErrorCode, toAwsOperationError } from "../errors";
import { collectIamPages } from "../paginate";
import { mapPool } from "../pool";
import { reachAccount, type AccountAccess } from "./reach-account";

const toAttachment = (p: AttachedPolicy): ObservedAttachment => ({ name: p.PolicyName ?? "", arn: p.PolicyArn ?? "" });

/** A managed policy with its versions and default document; null when it does not exist. 3 reads. */
export async function readManagedPolicy(iam: IAMClient, arn: string): Promise<ObservedManagedPolicy | null> {
  let policy;
  try {
    policy = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
  } catch (err) {
    if (awsErrorCode(err) === "NoSuchEntity") return null;
    throw err;
  }
  const defaultVersionId = policy?.DefaultVersionId ?? "v1";
  const [version, versions] = await Promise.all([
    iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: defaultVersionId })),
    collectIamPages(async (Marker) => {
      const out = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, Marker }));
      return { items: out.Versions, isTruncated: out.IsTruncated, marker: out.Marker };
    }),
  ]);
  return {
    arn,
    name: policy?.PolicyName ?? arn.split("/").pop() ?? "",
    path: policy?.Path ?? "/",
    defaultVersionId,
    versions: versions.map((v) => ({ versionId: v.VersionId ?? "", isDefault: v.IsDefaultVersion ?? false, createDate: v.CreateDate?.toISOString() })),
    document: decodePolicyDocument(version.PolicyVersion?.Document, `policy ${arn}`),
    attachmentCount: policy?.AttachmentCount,
  };
}

async function readPolicies(iam: IAMClient, arns: Iterable<string>): Promise<ObservedManagedPolicy[]> {
  const unique = [...new Set(arns)].sort();
  const read = await Promise.all(unique.map((arn) => readManagedPolicy(iam, arn)));
  return read.filter((p): p is ObservedManagedPolicy => p !== null);
}

async function inlinePolicies(
  list: (marker: string | undefined) => Promise<{ items: string[] | undefined; isTruncated?: boolean; marker?: string }>,
  get: (name: string) => Promise<string | undefined>,
  what: string,
): Promise<ObservedInlinePolicy[]> {
  const names = await collectIamPages(list);
  return Promise.all(names.map(async (name) => ({ name, document: decodePolicyDocument(await get(name), `inline policy ${name} of ${what}`) })));
}

async function readGroup(iam: IAMClient, group: Group): Promise<ObservedGroup> {
  const GroupName = group.GroupName ?? "";
  const [attached, inline] = await Promise.all([
    collectIamPages(async (Marker) => {
      const out = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName, Marker }));
      return { items: out.AttachedPolicies, isTruncated: out.IsTruncated, marker: out.Marker };
    }),
    inlinePolicies(
      async (Marker) => {
        const out = await iam.send(new ListGroupPoliciesCommand({ GroupName, Marker }));
        return { items: out.PolicyNames, isTruncated: out.IsTruncated, marker: out.Marker };
      },
      async (PolicyName) => (await iam.send(new GetGroupPolicyCommand({ GroupName, PolicyName }))).PolicyDocument,
      `group ${GroupName}`,
    ),
  ]);
  return { name: GroupName, arn: group.Arn ?? "", attachedPolicies: attached.map(toAttachment), inlinePolicies: inline };
}

async function readAccessKeys(iam: IAMClient, UserName: string): Promise<ObservedAccessKey[]> {
  const keys = await collectIamPages<AccessKeyMetadata>(async (Marker) => {
    const out = await iam.send(new ListAccessKeysCommand({ UserName, Marker }));
    return { items: out.AccessKeyMetadata, isTruncated: out.IsTruncated, marker: out.Marker };
  });
  return Promise.all(
    keys.map(async (k) => {
      const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId ?? "" })).catch(() => undefined);
      const key: ObservedAccessKey = { accessKeyId: k.AccessKeyId ?? "", status: k.Status === "Inactive" ? "Inactive" : "Active" };
      if (k.CreateDate) key.createDate = k.CreateDate.toISOString();
      const last = used?.AccessKeyLastUsed?.LastUsedDate;
      if (last) key.lastUsedDate = last.toISOString();
      return key;
    }),
  );
}

/** The home account as the linter needs it: the collector user, its groups and keys, and the read-roles policies. */
export async function observeHome(iam: IAMClient, model: AccessModel): Promise<ObservedHome> {
  const readRolesArns = buildReadRolesPolicies(model).map((p) => policyArn(model.homeAccountId, model.rolePath, p.name));
  const UserName = model.names.user;
  let userArn: string;
  try {
    userArn = (await iam.send(new GetUserCommand({ UserName }))).User?.Arn ?? "";
  } catch (err) {
    if (awsErrorCode(err) !== "NoSuchEntity") throw err;
    return { accountId: model.homeAccountId, user: null, policies: await readPolicies(iam, readRolesArns) };
  }
  const [attached, inline, groups, accessKeys] = await Promise.all([
    collectIamPages(async (Marker) => {
      const out = await iam.send(new ListAttachedUserPoliciesCommand({ UserName, Marker }));
      return { items: out.AttachedPolicies, isTruncated: out.IsTruncated, marker: out.Marker };
    }),
    inlinePolicies(
      async (Marker) => {
        const out = await iam.send(new ListUserPoliciesCommand({ UserName, Marker }));
        return { items: out.PolicyNames, isTruncated: out.IsTruncated, marker: out.Marker };
      },
      async (PolicyName) => (await iam.send(new GetUserPolicyCommand({ UserName, PolicyName }))).PolicyDocument,
      `user ${UserName}`,
    ),
    collectIamPages(async (Marker) => {
      const out = await iam.send(new ListGroupsForUserCommand({ UserName, Marker }));
      return { items: out.Groups, isTruncated: out.IsTruncated, marker: out.Marker };
    }).then((gs) => Promise.all(gs.map((g) => readGroup(iam, g)))),
    readAccessKeys(iam, UserName),
  ]);
  const attachedArns = [...attached.map((p) => p.PolicyArn ?? ""), ...groups.flatMap((g) => g.attachedPolicies.map((p) => p.arn))].filter(Boolean);
  return {
    accountId: model.homeAccountId,
    user: { name: UserName, arn: userArn, attachedPolicies: attached.map(toAttachment), inlinePolicies: inline, groups, accessKeys },
    policies: await readPolicies(iam, [...attachedArns, ...readRolesArns]),
  };
}

/** One target account: the inventory role, its trust, attachments and policies. */
export async function observeTarget(iam: IAMClient, model: AccessModel, accountId: string): Promise<ObservedTarget> {
  const RoleName = model.names.role;
  const inventoryArn = policyArn(accountId, model.rolePath, model.names.inventoryPolicy);
  let role;
  try {
    role = (await iam.send(new GetRoleCommand({ RoleName }))).Role;
  } catch (err) {
    if (awsErrorCode(err) !== "NoSuchEntity") throw err;
    return { accountId, role: null, policies: await readPolicies(iam, [inventoryArn]) };
  }
  const [attached, inline] = await Promise.all([
    collectIamPages(async (Marker) => {
      const out = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName, Marker }));
      return { items: out.AttachedPolicies, isTruncated: out.IsTruncated, marker: out.Marker };
    }),
    inlinePolicies(
      async (Marker) => {
        const out = await iam.send(new ListRolePoliciesCommand({ RoleName, Marker }));
        return { items: out.PolicyNames, isTruncated: out.IsTruncated, marker: out.Marker };
      },
      async (PolicyName) => (await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }))).PolicyDocument,
      `role ${RoleName}`,
    ),
  ]);
  return {
    accountId,
    role: {
      name: RoleName,
      arn: role?.Arn ?? "",
      path: role?.Path ?? "/",
      trustPolicy: decodePolicyDocument(role?.AssumeRolePolicyDocument, `trust policy of role ${RoleName}`),
      maxSessionDurationSeconds: role?.MaxSessionDuration ?? 3600,
      attachedPolicies: attached.map(toAttachment),
      inlinePolicies: inline,
    },
    policies: await readPolicies(iam, [...attached.map((p) => p.PolicyArn ?? "").filter(Boolean), inventoryArn]),
  };
}

export interface GatherOptions {
  /** Clients with the home account's (read-only is enough) credentials. */
  home: AwsClients;
  /** How to read target accounts; omit to observe only what the home credentials can reach. */
  access?: AccountAccess;
  concurrency?: number;
  signal?: AbortSignal;
}

/**
 * Observed state of the home account and every target account. A target that cannot be read
 * gets `readError` (and `role: null` meaning "unknown"); it never fails the others.
 */
export async function gatherObservedState(model: AccessModel, options: GatherOptions): Promise<ObservedState> {
  const access: AccountAccess = options.access ?? { targets: { kind: "assume" } };
  const [home, targets] = await Promise.all([
    observeHome(options.home.iam, model),
    mapPool(
      [...model.targetAccountIds].sort(),
      options.concurrency ?? 16,
      async (accountId): Promise<ObservedTarget> => {
        try {
          const clients = await reachAccount(options.home, model.homeAccountId, accountId, access, "beaconport-verify");
          return await observeTarget(clients.iam, model, accountId);
        } catch (err) {
          const e = toAwsOperationError(err);
          return { accountId, role: null, policies: [], readError: { code: e.awsCode, message: e.message } };
        }
      },
      options.signal,
    ),
  ]);
  return { home, targets };
}
