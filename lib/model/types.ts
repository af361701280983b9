/**
 * The contract between the access model (what should exist), the AWS layer (what does exist)
 * and the linter (what is wrong with it). Plain data only: these values cross the server/client
 * boundary, are stored as JSON, and are produced by tests without AWS.
 *
 * Owners: `lib/model/` builds and validates `AccessModel` and lints; `lib/aws/` produces
 * `ObservedState`. Change this file only in step with both.
 */

/** An IAM policy document as JSON (identity or trust policy). */
export interface PolicyDocument {
  Version: "2012-10-17" | "2008-10-17";
  Id?: string;
  Statement: PolicyStatement[];
}

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | Record<string, string | string[]>;
  NotPrincipal?: "*" | Record<string, string | string[]>;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

/** Names of everything the procedure creates; defaults are the procedure's own. */
export interface ResourceNames {
  /** Step 2: managed policy in each target account (default `ListInventoryForFNMS`). */
  inventoryPolicy: string;
  /** Step 3: managed policy in the home account (default `ReadRolesForFNMS`); split policies get `-2`, `-3`, ... */
  readRolesPolicy: string;
  /** Step 4: role in each target account (default `ListEC2ForFNMSRole`). */
  role: string;
  /** Step 6: the collector user in the home account (default `FNMSUser`). */
  user: string;
}

/**
 * RDS scope for `rds:DescribeDBInstances` (procedure step 2.16).
 * `all`: every DB instance of each target account in every region (`arn:aws:rds:*:ACCOUNT:db:*`).
 * `patterns`: explicit region / instance-name patterns (may contain `*`), applied per target account.
 */
export type RdsScope =
  | { kind: "all" }
  | { kind: "patterns"; patterns: { region: string; instanceName: string }[] };

export interface ProxySettings {
  /** Normalized as the procedure says: `http://host:port` or `https://host:port`. */
  server: string;
  username?: string;
  /** Secret: never logged, redacted in audit events, encrypted at rest. */
  password?: string;
}

/** Everything the procedure needs decided, validated by `accessModelSchema` in lib/model. */
export interface AccessModel {
  connectionName: string;
  /** Always "Amazon Web Services" (the beacon's Source Type). */
  sourceType: "Amazon Web Services";
  /** Always "Direct": AWS Config is the beacon's default and is not what this procedure sets up. */
  adapterType: "Direct";
  /** The account holding the collector user (12 digits). */
  homeAccountId: string;
  /** Accounts holding the inventory role (12 digits each; may include the home account). */
  targetAccountIds: string[];
  /** Same external ID for every role; absent means no `sts:ExternalId` condition. */
  externalId?: string;
  names: ResourceNames;
  /** IAM path of the role and policies, e.g. `/` (default) or `/fnms/`. */
  rolePath: string;
  /** Regions the connection test and the beacon inventory (default: a sensible set, see lib/model). */
  regions: string[];
  rdsScope: RdsScope;
  /** Role maximum session duration in seconds (3600..43200; default 3600). */
  maxSessionDurationSeconds: number;
  proxy?: ProxySettings;
}

/** A managed policy as it exists in one account. */
export interface ObservedManagedPolicy {
  arn: string;
  name: string;
  path: string;
  defaultVersionId: string;
  /** Every stored version (AWS keeps at most 5). */
  versions: { versionId: string; isDefault: boolean; createDate?: string }[];
  /** The default version's document, URL-decoded and parsed. */
  document: PolicyDocument;
  attachmentCount?: number;
}

export interface ObservedAttachment {
  name: string;
  arn: string;
}

export interface ObservedInlinePolicy {
  name: string;
  document: PolicyDocument;
}

export interface ObservedAccessKey {
  accessKeyId: string;
  status: "Active" | "Inactive";
  createDate?: string;
  lastUsedDate?: string;
}

export interface ObservedGroup {
  name: string;
  arn: string;
  attachedPolicies: ObservedAttachment[];
  inlinePolicies: ObservedInlinePolicy[];
}

export interface ObservedUser {
  name: string;
  arn: string;
  attachedPolicies: ObservedAttachment[];
  inlinePolicies: ObservedInlinePolicy[];
  groups: ObservedGroup[];
  accessKeys: ObservedAccessKey[];
}

export interface ObservedRole {
  name: string;
  arn: string;
  path: string;
  trustPolicy: PolicyDocument;
  maxSessionDurationSeconds: number;
  attachedPolicies: ObservedAttachment[];
  inlinePolicies: ObservedInlinePolicy[];
}

export interface ObservedHome {
  accountId: string;
  /** null: the collector user does not exist. */
  user: ObservedUser | null;
  /**
   * Managed policies of the home account that matter: those attached to the user or its groups,
   * and those whose names match the read-roles policy names (attached or not).
   */
  policies: ObservedManagedPolicy[];
}

export interface ObservedTarget {
  accountId: string;
  /** null: the inventory role does not exist. */
  role: ObservedRole | null;
  /** Managed policies attached to the role, and any named like the inventory policy. */
  policies: ObservedManagedPolicy[];
  /** Set when the account could not be read at all (then `role` is null and means "unknown"). */
  readError?: { code: string; message: string };
}

/** What exists in AWS, as plain data: produced by lib/aws, consumed by the linter. */
export interface ObservedState {
  home: ObservedHome;
  targets: ObservedTarget[];
}

export type Severity = "error" | "warning" | "info";

/** One problem found by the linter (or a connection test), with the procedure step it violates and a fix. */
export interface Finding {
  /** Stable rule id, kebab-case, e.g. `assume-role-wildcard`. */
  rule: string;
  severity: Severity;
  /** The procedure's step number (1..8). */
  step: number;
  /** Account the finding is about, when it is about one. */
  accountId?: string;
  /** What is wrong, in plain language. */
  message: string;
  /** What to do about it, concretely. */
  fix: string;
}
