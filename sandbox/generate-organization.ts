/**
 * Deterministic organizations for tests and benchmarks (100–1,000 accounts): the same seed gives
 * the same accounts, keys and inventory. Pure function: no I/O.
 */
import { awsId, secretAccessKey, seededRandom } from "./ids";
import type { FixtureAccount, SandboxFixture } from "./types";

export const ADMIN_USER = "sandbox-admin";
export const ORG_ACCESS_ROLE = "OrganizationAccountAccessRole";
export const GENERATED_REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];

/** An account as the sandbox seeds it: an admin user with a key and, for members, the org access role. */
export function standardAccount(opts: {
  accountId: string;
  name: string;
  alias?: string;
  role: "management" | "member";
  managementAccountId: string;
  random?: () => number;
}): FixtureAccount {
  const random = opts.random ?? Math.random;
  const account: FixtureAccount = {
    accountId: opts.accountId,
    name: opts.name,
    email: `aws+${opts.accountId}@example.com`,
    alias: opts.alias,
    role: opts.role,
    users: [
      {
        name: ADMIN_USER,
        attachedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        accessKeys: [{ accessKeyId: awsId("AKIA", random), secretAccessKey: secretAccessKey(random) }],
      },
    ],
  };
  if (opts.role === "member") {
    account.roles = [
      {
        name: ORG_ACCESS_ROLE,
        trustPolicy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${opts.managementAccountId}:root` }, Action: "sts:AssumeRole" }],
        },
        attachedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      },
    ];
  }
  return account;
}

export interface GenerateOrganizationOptions {
  /** Number of member accounts (the management account comes on top). */
  members: number;
  seed?: number;
  instancesPerAccount?: number;
  dbInstancesPerAccount?: number;
  /** Every Nth DB instance is Oracle (default 3). */
  oracleEvery?: number;
  hostsPerAccount?: number;
  reservedPerAccount?: number;
  regions?: string[];
  managementAccountId?: string;
}

const INSTANCE_TYPES = ["t3.micro", "m5.large", "c5.xlarge", "r5.2xlarge", "m6i.4xlarge"];
const DB_CLASSES = ["db.t3.medium", "db.m5.large", "db.r5.xlarge"];

export function generateOrganization(opts: GenerateOrganizationOptions): import("./types").SandboxFixture {
  const random = seededRandom(opts.seed ?? 1);
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");
  const regions = opts.regions ?? GENERATED_REGIONS;
  const mgmtId = opts.managementAccountId ?? "111111111111";
  const accounts: FixtureAccount[] = [
    standardAccount({ accountId: mgmtId, name: "management", alias: "org-management", role: "management", managementAccountId: mgmtId, random }),
  ];
  for (let i = 1; i <= opts.members; i++) {
    const accountId = String(200_000_000_000 + i).padStart(12, "0");
    accounts.push(
      standardAccount({
        accountId,
        name: `member-${i}`,
        alias: i % 4 === 0 ? undefined : `org-member-${i}`,
        role: "member",
        managementAccountId: mgmtId,
        random,
      }),
    );
  }
  const oracleEvery = opts.oracleEvery ?? 3;
  for (const [index, account] of accounts.entries()) {
    const region = (k: number) => regions[(index + k) % regions.length]!;
    const hosts = Array.from({ length: opts.hostsPerAccount ?? 1 }, (_, k) => ({
      hostId: `h-${hex(17)}`,
      region: region(k),
      instanceFamily: "m5",
      cores: 48,
      sockets: 2,
      totalVCpus: 96,
    }));
    account.dedicatedHosts = hosts;
    account.ec2Instances = Array.from({ length: opts.instancesPerAccount ?? 4 }, (_, k) => {
      const onHost = k === 0 && hosts[0] ? hosts[0] : undefined;
      return {
        instanceId: `i-${hex(17)}`,
        region: onHost ? onHost.region : region(k),
        instanceType: onHost ? "m5.large" : INSTANCE_TYPES[k % INSTANCE_TYPES.length]!,
        state: k % 5 === 4 ? ("stopped" as const) : ("running" as const),
        platform: k % 3 === 2 ? ("windows" as const) : undefined,
        tenancy: onHost ? ("host" as const) : ("default" as const),
        hostId: onHost?.hostId,
        tags: [{ Key: "Name", Value: `${account.name}-vm-${k}` }],
      };
    });
    account.reservedInstances = Array.from({ length: opts.reservedPerAccount ?? 1 }, (_, k) => ({
      reservedInstancesId: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      region: region(k),
      instanceType: "m5.large",
      instanceCount: 1 + (k % 3),
    }));
    account.dbInstances = Array.from({ length: opts.dbInstancesPerAccount ?? 2 }, (_, k) => {
      const oracle = k % oracleEvery === 0;
      return {
        identifier: `${oracle ? "ora" : "pg"}-${account.name}-${k}`,
        region: region(k),
        engine: oracle ? ((index + k) % 2 === 0 ? "oracle-ee" : "oracle-se2") : "postgres",
        instanceClass: DB_CLASSES[k % DB_CLASSES.length]!,
      };
    });
  }
  const fixture: SandboxFixture = { organizationId: `o-${hex(10)}`, accounts };
  return fixture;
}
