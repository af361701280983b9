/**
 * The one constructor of each IAM entity (as moto's backend models are): the fixture loader
 * (state.ts) and the API handlers (services/iam.ts) both build users, groups, roles, managed policies
 * and access keys here, so an entity has the same fields whichever way it came to exist. Callers
 * validate names and authorize first; these only assemble.
 */
import { awsId, secretAccessKey } from "./ids";
import type { AccessKey, Attachment, IamGroup, IamRole, IamUser, InlinePolicy, ManagedPolicy } from "./state";
import type { FixtureTag } from "./types";

export type IamEntityKind = "user" | "group" | "role" | "policy";

/** `arn:aws:iam::<account>:<kind><path><name>`; `accountId` "aws" for AWS-managed policies. */
export function iamArn(accountId: string, kind: IamEntityKind, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}${path}${name}`;
}

/** What every entity shares; `path` defaults to "/". */
interface EntitySpec {
  accountId: string;
  name: string;
  path?: string;
  createDate: Date;
  attached?: Map<string, Attachment>;
  inline?: Map<string, InlinePolicy>;
}

export function newUser(spec: EntitySpec & { tags?: FixtureTag[] }): IamUser {
  const path = spec.path ?? "/";
  return {
    name: spec.name,
    path,
    id: awsId("AIDA"),
    arn: iamArn(spec.accountId, "user", path, spec.name),
    createDate: spec.createDate,
    attached: spec.attached ?? new Map(),
    inline: spec.inline ?? new Map(),
    groups: new Map(),
    accessKeys: [],
    tags: spec.tags ?? [],
  };
}

export function newGroup(spec: EntitySpec): IamGroup {
  const path = spec.path ?? "/";
  return {
    name: spec.name,
    path,
    id: awsId("AGPA"),
    arn: iamArn(spec.accountId, "group", path, spec.name),
    createDate: spec.createDate,
    attached: spec.attached ?? new Map(),
    inline: spec.inline ?? new Map(),
  };
}

export const ROLE_DEFAULT_MAX_SESSION = 3600;

export function newRole(
  spec: EntitySpec & {
    /** The trust policy as submitted (text). */
    trust: string;
    description?: string;
    maxSessionDuration?: number;
    tags?: FixtureTag[];
    /** The role cannot be assumed before this time (0: at once, as fixture roles). */
    effectiveAt: number;
  },
): IamRole {
  const path = spec.path ?? "/";
  return {
    name: spec.name,
    path,
    id: awsId("AROA"),
    arn: iamArn(spec.accountId, "role", path, spec.name),
    createDate: spec.createDate,
    description: spec.description,
    trust: spec.trust,
    trustEffectiveAt: 0,
    maxSessionDuration: spec.maxSessionDuration ?? ROLE_DEFAULT_MAX_SESSION,
    attached: spec.attached ?? new Map(),
    inline: spec.inline ?? new Map(),
    tags: spec.tags ?? [],
    effectiveAt: spec.effectiveAt,
  };
}

/** A managed policy with its document as version v1 (the default). */
export function newManagedPolicy(spec: {
  /** The owning account, or "aws" for an AWS-managed policy. */
  accountId: string;
  name: string;
  path?: string;
  description?: string;
  document: string;
  createDate: Date;
  tags?: FixtureTag[];
}): ManagedPolicy {
  const path = spec.path ?? "/";
  return {
    name: spec.name,
    path,
    id: awsId("ANPA"),
    arn: iamArn(spec.accountId, "policy", path, spec.name),
    description: spec.description,
    createDate: spec.createDate,
    updateDate: spec.createDate,
    versions: [{ versionId: "v1", document: spec.document, createDate: spec.createDate }],
    defaultVersionId: "v1",
    defaultEffectiveAt: 0,
    nextVersion: 2,
    tags: spec.tags ?? [],
    awsManaged: spec.accountId === "aws",
  };
}

/** A user's access key; a fixture passes its own id and secret, the API lets them be generated. */
export function newAccessKey(spec: {
  accountId: string;
  userName: string;
  createDate: Date;
  effectiveAt: number;
  accessKeyId?: string;
  secretAccessKey?: string;
  status?: AccessKey["status"];
}): AccessKey {
  return {
    accessKeyId: spec.accessKeyId ?? awsId("AKIA"),
    secretAccessKey: spec.secretAccessKey ?? secretAccessKey(),
    status: spec.status ?? "Active",
    createDate: spec.createDate,
    accountId: spec.accountId,
    userName: spec.userName,
    effectiveAt: spec.effectiveAt,
  };
}
