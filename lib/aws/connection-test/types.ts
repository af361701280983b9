export type CheckStatus = "passed" | "failed" | "skipped";

/** One call the beacon makes (or one conclusion drawn from them), and how it went. */
export interface ConnectionCheck {
  /** The API action (`iam:GetUser`, `sts:AssumeRole`, `ec2:DescribeInstances`, ...) or a derived check (`assume-role-resources`). */
  check: string;
  status: CheckStatus;
  /** What the check was about: a policy ARN, a group, a role ARN. */
  subject?: string;
  region?: string;
  /** AWS error code (or our own code for derived checks, e.g. `WildcardResource`). */
  code?: string;
  /** Plain-language cause and fix when it failed (or why it was skipped). */
  cause?: string;
  fix?: string;
  /** The procedure step to revisit. */
  procedureStep?: number;
}

/** Counts per region; null when the call failed: the count is unknown, not 0. */
export interface RegionInventory {
  region: string;
  instances: number | null;
  hosts: number | null;
  reservedInstances: number | null;
  /** RDS instances whose engine starts with `oracle` (what the beacon collects from RDS). */
  oracleDbInstances: number | null;
}

export interface AccountTestResult {
  accountId: string;
  roleArn: string;
  alias?: string;
  status: CheckStatus;
  checks: ConnectionCheck[];
  /** What the beacon will see, per region (only regions whose calls passed). */
  inventory: RegionInventory[];
}

export interface ConnectionTestResult {
  /** Every check passed: the beacon's "Test connection succeeded". */
  ok: boolean;
  user?: { arn: string; name: string; accountId: string };
  /** Checks of the collector user itself (before any role is assumed). */
  checks: ConnectionCheck[];
  /** Exact role ARNs found in the user's managed policies (what the beacon will try). */
  roleArns: string[];
  /** `sts:AssumeRole` resources with wildcards: the beacon cannot use them. */
  wildcardResources: string[];
  accounts: AccountTestResult[];
  /** Expected target accounts (from the model) with no exact role ARN in the policies. */
  missingAccounts: string[];
  durationMs: number;
  /** SDK calls made. */
  calls: number;
}

export interface ConnectionTestProgress {
  phase: "user" | "policies" | "account";
  accountId?: string;
  message: string;
}
