/**
 * IAM's quotas as the sandbox enforces them: one table (AWS's name for each, its default, the most
 * a Service Quotas increase grants), the values in force for one sandbox, and the `LimitExceeded`
 * (409) errors IAM answers when a call would go past them, in IAM's own wording.
 *
 * Values are per sandbox (every account alike). A test may lower any quota (to exercise overflow
 * with a few entities; AWS itself never lowers one) and raise it up to AWS's maximum, as an
 * automatically approved Service Quotas increase would; beyond that the change is refused whole.
 * Lowering below what an entity already holds keeps what it holds and refuses the next addition.
 */
import { z } from "zod";
import { limitExceeded, type AwsError } from "./errors";

export interface QuotaSpec {
  /** AWS's name (Service Quotas, or the IAM quotas page for quotas Service Quotas does not list). */
  awsName: string;
  /** The Service Quotas code, for the quotas an increase can be requested for. */
  quotaCode?: string;
  default: number;
  /** The most an increase grants; equal to `default` when AWS does not raise it. */
  maximum: number;
  /** What counts against it. */
  counts: string;
  /** IAM's LimitExceeded message at `value`; `subject` names the entity ("user NAME") where IAM does. */
  message(value: number, subject: string): string;
}

const cannotExceed = (awsKey: string) => (value: number) => `Cannot exceed quota for ${awsKey}: ${value}`;
const inlineSize = (value: number, subject: string) => `Maximum policy size of ${value} bytes exceeded for ${subject}`;

/**
 * Defaults and maximums from AWS's "IAM and AWS STS quotas" page (2026): managed policies per role
 * 10 → 25, per user 10 → 20, per group 10 (not adjustable), role trust policy length 2,048 → 4,096;
 * the rest cannot be raised. Sizes are counted without whitespace, as IAM counts them.
 */
export const IAM_QUOTAS = {
  managedPoliciesPerUser: {
    awsName: "Managed policies per user", quotaCode: "L-4019AD8B", default: 10, maximum: 20,
    counts: "managed policies attached to one user (AttachUserPolicy)", message: cannotExceed("PoliciesPerUser"),
  },
  managedPoliciesPerGroup: {
    awsName: "Managed policies per group", quotaCode: "L-384571C4", default: 10, maximum: 10,
    counts: "managed policies attached to one group (AttachGroupPolicy)", message: cannotExceed("PoliciesPerGroup"),
  },
  managedPoliciesPerRole: {
    awsName: "Managed policies per role", quotaCode: "L-0DA4ABF3", default: 10, maximum: 25,
    counts: "managed policies attached to one role (AttachRolePolicy)", message: cannotExceed("PoliciesPerRole"),
  },
  groupsPerUser: {
    awsName: "Groups an IAM user can be a member of", default: 10, maximum: 10,
    counts: "groups one user belongs to (AddUserToGroup)", message: cannotExceed("GroupsPerUser"),
  },
  versionsPerPolicy: {
    awsName: "Versions of a managed policy that can be stored", default: 5, maximum: 5,
    counts: "stored versions of one managed policy (CreatePolicyVersion)",
    message: (value: number) => `A managed policy can have up to ${value} versions. Before you create a new version, you must delete an existing version.`,
  },
  accessKeysPerUser: {
    awsName: "Access keys assigned to an IAM user", default: 2, maximum: 2,
    counts: "access keys of one user, active or not (CreateAccessKey)", message: cannotExceed("AccessKeysPerUser"),
  },
  managedPolicySize: {
    awsName: "Customer managed policy size", default: 6144, maximum: 6144,
    counts: "characters of a managed policy document without whitespace (CreatePolicy, CreatePolicyVersion)", message: cannotExceed("PolicySize"),
  },
  roleTrustPolicyLength: {
    awsName: "Role trust policy length", quotaCode: "L-C07B4B0D", default: 2048, maximum: 4096,
    counts: "characters of a role trust policy without whitespace (CreateRole, UpdateAssumeRolePolicy)", message: cannotExceed("ACLSizePerRole"),
  },
  userPolicySize: {
    awsName: "User policy size", default: 2048, maximum: 2048,
    counts: "characters of all of one user's inline policies together, without whitespace (PutUserPolicy)", message: inlineSize,
  },
  groupPolicySize: {
    awsName: "Group policy size", default: 5120, maximum: 5120,
    counts: "characters of all of one group's inline policies together, without whitespace (PutGroupPolicy)", message: inlineSize,
  },
  rolePolicySize: {
    awsName: "Role policy size", default: 10240, maximum: 10240,
    counts: "characters of all of one role's inline policies together, without whitespace (PutRolePolicy)", message: inlineSize,
  },
  tagsPerResource: {
    awsName: "Tags that can be attached to an IAM user, role or customer managed policy", default: 50, maximum: 50,
    counts: "tags on one user, role or managed policy (TagUser, TagRole, TagPolicy)", message: cannotExceed("TagsPerResource"),
  },
} as const satisfies Record<string, QuotaSpec>;

export type QuotaName = keyof typeof IAM_QUOTAS;
export type QuotaValues = Record<QuotaName, number>;

export const QUOTA_NAMES = Object.keys(IAM_QUOTAS) as QuotaName[];

/** A quota as the control API shows it. */
export interface QuotaInfo {
  value: number;
  default: number;
  maximum: number;
  awsName: string;
  quotaCode?: string;
}

function quotaValueSchema(name: QuotaName) {
  const spec: QuotaSpec = IAM_QUOTAS[name];
  const ceiling = spec.maximum === spec.default
    ? `AWS does not raise "${spec.awsName}" above ${spec.maximum}`
    : `a quota increase for "${spec.awsName}" goes up to ${spec.maximum} at most`;
  return z
    .number({ error: "a whole number" })
    .int({ error: "a whole number" })
    .min(1, { error: "at least 1" })
    .max(spec.maximum, { error: (issue) => `${String(issue.input)} refused: ${ceiling}` })
    .optional();
}

/** Quota settings: any of the quotas, each from 1 to AWS's maximum; unknown names are refused. */
export const quotaSettingsSchema = z.strictObject(
  Object.fromEntries(QUOTA_NAMES.map((name) => [name, quotaValueSchema(name)])) as Record<QuotaName, ReturnType<typeof quotaValueSchema>>,
);

export type QuotaSettings = Partial<QuotaValues>;

function defaults(): QuotaValues {
  return Object.fromEntries(QUOTA_NAMES.map((name) => [name, IAM_QUOTAS[name].default])) as QuotaValues;
}

/** The quotas in force for one sandbox. */
export class Quotas {
  private values = defaults();
  private readonly initial: QuotaValues;

  constructor(initial?: QuotaSettings) {
    if (initial) this.set(initial);
    this.initial = { ...this.values };
  }

  /** Changes the given quotas; all of them or, when one is refused, none. */
  set(settings: QuotaSettings): void {
    const result = quotaSettingsSchema.safeParse(settings);
    if (!result.success) {
      throw new Error(`IAM quotas: ${result.error.issues.map((i) => `${i.path.join(".") || "(quotas)"}: ${i.message}`).join("; ")}; nothing changed`);
    }
    const parsed = result.data;
    const changes = Object.entries(parsed).filter((entry): entry is [QuotaName, number] => entry[1] !== undefined);
    this.values = { ...this.values, ...Object.fromEntries(changes) };
  }

  /** Back to the values the sandbox started with (AWS's defaults unless its options said otherwise). */
  reset(): void {
    this.values = { ...this.initial };
  }

  get(name: QuotaName): number {
    return this.values[name];
  }

  list(): Record<QuotaName, QuotaInfo> {
    return Object.fromEntries(
      QUOTA_NAMES.map((name) => {
        const spec: QuotaSpec = IAM_QUOTAS[name];
        return [name, { value: this.values[name], default: spec.default, maximum: spec.maximum, awsName: spec.awsName, ...(spec.quotaCode ? { quotaCode: spec.quotaCode } : {}) }];
      }),
    ) as Record<QuotaName, QuotaInfo>;
  }

  /** LimitExceeded unless one more fits next to the `held` there already are. */
  ensureRoomForOneMore(name: QuotaName, held: number, subject = ""): void {
    if (held >= this.values[name]) throw this.exceeded(name, subject);
  }

  /** LimitExceeded when `size` (characters, or a count after the change) is over the quota. */
  ensureWithin(name: QuotaName, size: number, subject = ""): void {
    if (size > this.values[name]) throw this.exceeded(name, subject);
  }

  private exceeded(name: QuotaName, subject: string): AwsError {
    const spec: QuotaSpec = IAM_QUOTAS[name];
    return limitExceeded(spec.message(this.values[name], subject));
  }
}
