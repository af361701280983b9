/**
 * Public types of the AWS sandbox: the fixture that seeds an organization, the fault
 * configuration, the request log and the control API. Plain data only (JSON in, JSON out).
 */
import type { PolicyDocument } from "@/lib/model/types";
import type { QuotaInfo, QuotaName, QuotaSettings } from "./quotas";

export type { PolicyDocument, QuotaInfo, QuotaName, QuotaSettings };

export interface FixtureTag {
  Key: string;
  Value: string;
}

export interface FixturePolicy {
  name: string;
  path?: string;
  description?: string;
  document: PolicyDocument;
}

export interface FixtureUser {
  name: string;
  path?: string;
  /** Managed policy names of this account, or full ARNs (e.g. `arn:aws:iam::aws:policy/AdministratorAccess`). */
  attachedPolicies?: string[];
  inlinePolicies?: { name: string; document: PolicyDocument }[];
  groups?: string[];
  accessKeys?: { accessKeyId: string; secretAccessKey: string; status?: "Active" | "Inactive" }[];
}

export interface FixtureGroup {
  name: string;
  path?: string;
  attachedPolicies?: string[];
  inlinePolicies?: { name: string; document: PolicyDocument }[];
}

export interface FixtureRole {
  name: string;
  path?: string;
  description?: string;
  trustPolicy: PolicyDocument;
  maxSessionDuration?: number;
  attachedPolicies?: string[];
  inlinePolicies?: { name: string; document: PolicyDocument }[];
}

export interface FixtureEc2Instance {
  instanceId: string;
  region: string;
  availabilityZone?: string;
  instanceType: string;
  state?: "pending" | "running" | "stopping" | "stopped" | "shutting-down" | "terminated";
  platform?: "windows";
  platformDetails?: string;
  tenancy?: "default" | "dedicated" | "host";
  hostId?: string;
  imageId?: string;
  launchTime?: string;
  tags?: FixtureTag[];
}

export interface FixtureDedicatedHost {
  hostId: string;
  region: string;
  availabilityZone?: string;
  instanceFamily?: string;
  instanceType?: string;
  cores: number;
  sockets: number;
  totalVCpus: number;
  state?: "available" | "under-assessment" | "permanent-failure" | "released";
  allocationTime?: string;
  tags?: FixtureTag[];
}

export interface FixtureReservedInstance {
  reservedInstancesId: string;
  region: string;
  availabilityZone?: string;
  instanceType: string;
  instanceCount: number;
  productDescription?: string;
  state?: "active" | "retired" | "payment-pending";
  start?: string;
  durationSeconds?: number;
  offeringType?: string;
  offeringClass?: "standard" | "convertible";
  instanceTenancy?: "default" | "dedicated";
}

export interface FixtureDbInstance {
  identifier: string;
  region: string;
  availabilityZone?: string;
  engine: string;
  engineVersion?: string;
  instanceClass: string;
  licenseModel?: string;
  status?: string;
  allocatedStorage?: number;
  multiAZ?: boolean;
  createTime?: string;
}

export interface FixtureAccount {
  accountId: string;
  name: string;
  email?: string;
  alias?: string;
  /** Exactly one account is the management (home) account. */
  role: "management" | "member";
  /** false: the account is standalone (Organizations answers AWSOrganizationsNotInUseException). */
  inOrganization?: boolean;
  policies?: FixturePolicy[];
  users?: FixtureUser[];
  groups?: FixtureGroup[];
  roles?: FixtureRole[];
  ec2Instances?: FixtureEc2Instance[];
  dedicatedHosts?: FixtureDedicatedHost[];
  reservedInstances?: FixtureReservedInstance[];
  dbInstances?: FixtureDbInstance[];
}

export interface SandboxFixture {
  organizationId?: string;
  /** Regions answered by EC2 DescribeRegions (default: a fixed list of commercial regions). */
  regions?: string[];
  accounts: FixtureAccount[];
}

/** One rule of scripted failures: the `nth` matching call (1-based) fails, `count` times in a row. */
export interface ScriptedFailure {
  /** `service:Action`, e.g. `iam:CreateRole`. */
  action: string;
  nth: number;
  count?: number;
  accountId?: string;
  error: { code: string; message?: string; status?: number };
}

export interface LatencyRule {
  service?: string;
  /** `service:Action`. */
  action?: string;
  latencyMs: number;
  jitterMs?: number;
}

export interface ThrottleConfig {
  ratePerSecond: number;
  burst: number;
  services?: string[];
  accounts?: string[];
  /** `service:Action` names; default every action. */
  actions?: string[];
}

export interface FaultConfig {
  /** Fixed latency added to every call, plus a uniform random jitter in [0, jitterMs]. */
  latencyMs?: number;
  jitterMs?: number;
  /** Per service/action latency; the first matching rule wins over `latencyMs`. */
  latency?: LatencyRule[];
  throttle?: ThrottleConfig;
  /** New or changed roles, keys, policies, attachments and trust policies take effect this much later. */
  propagationDelayMs?: number;
  script?: ScriptedFailure[];
}

export interface RequestLogEntry {
  time: string;
  requestId: string;
  accountId?: string;
  principalArn?: string;
  accessKeyId?: string;
  service: string;
  action: string;
  region?: string;
  /** "ok" or the error code. */
  outcome: string;
  httpStatus: number;
  latencyMs: number;
}

export interface RequestFilter {
  accountId?: string;
  service?: string;
  action?: string;
  outcome?: string;
  principalArn?: string;
  /** ISO time: entries at or after. */
  since?: string;
}

export interface SandboxAccountInfo {
  accountId: string;
  name: string;
  alias?: string;
  role: "management" | "member";
  accessKeyId: string;
  secretAccessKey: string;
}

export interface CreateAccountInput {
  accountId?: string;
  name: string;
  alias?: string;
}

export interface SandboxControl {
  setFaults(faults: FaultConfig): Promise<void>;
  getFaults(): Promise<FaultConfig>;
  clearFaults(): Promise<void>;
  requests(filter?: RequestFilter): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  dump(): Promise<unknown>;
  reset(): Promise<void>;
  createAccount(input: CreateAccountInput): Promise<SandboxAccountInfo>;
  /** IAM's quotas in force, with AWS's default and maximum for each. */
  getQuotas(): Promise<Record<QuotaName, QuotaInfo>>;
  /** Changes the given quotas (lower, or raise up to AWS's maximum); one refused value refuses them all. */
  setQuotas(quotas: QuotaSettings): Promise<void>;
  /** Every quota back to the value the sandbox started with (AWS's default unless `startSandbox({ quotas })` or `--quota` said otherwise). */
  resetQuotas(): Promise<void>;
}
