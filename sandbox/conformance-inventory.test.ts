/**
 * Inventory conformance (EC2, RDS, Organizations) with the real SDK v3 clients, over HTTP and
 * HTTPS: regional filtering, pagination, filters, Organizations' management-only listing.
 */
import {
  DescribeHostsCommand,
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  DescribeReservedInstancesCommand,
  paginateDescribeInstances,
} from "@aws-sdk/client-ec2";
import { ListAccountAliasesCommand, ListUsersCommand } from "@aws-sdk/client-iam";
import { DescribeOrganizationCommand, ListAccountsCommand, paginateListAccounts } from "@aws-sdk/client-organizations";
import { DescribeDBInstancesCommand, paginateDescribeDBInstances } from "@aws-sdk/client-rds";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateOrganization, startSandbox, type Sandbox } from "./index";
import { adminOf, clientsFor, failure } from "./testing";

let sandbox: Sandbox;
const PROD = "222222222222";

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.stop();
});

describe("EC2", () => {
  test("DescribeInstances shows only the region of the credential scope", async () => {
    const admin = adminOf(sandbox, PROD);
    const east = await clientsFor(sandbox, admin).ec2.send(new DescribeInstancesCommand({}));
    const ids = east.Reservations?.flatMap((r) => r.Instances?.map((i) => i.InstanceId) ?? []);
    expect(ids).toEqual(["i-0b22222222222201a", "i-0b22222222222202a", "i-0b22222222222203a"]);
    const first = east.Reservations?.[0];
    expect(first?.OwnerId).toBe(PROD);
    expect(first?.Instances?.[0]).toMatchObject({ InstanceType: "m5.xlarge", State: { Code: 16, Name: "running" }, Placement: { AvailabilityZone: "us-east-1a" } });
    expect(first?.Instances?.[0]?.LaunchTime).toBeInstanceOf(Date);
    expect(first?.Instances?.[0]?.Tags).toEqual([{ Key: "Name", Value: "prod-web-1" }]);
    const onHost = east.Reservations?.flatMap((r) => r.Instances ?? []).find((i) => i.Placement?.HostId);
    expect(onHost?.Placement).toMatchObject({ Tenancy: "host", HostId: "h-0b222222222222201" });
    const sydney = await clientsFor(sandbox, admin, { region: "ap-southeast-2" }).ec2.send(new DescribeInstancesCommand({}));
    expect(sydney.Reservations?.flatMap((r) => r.Instances?.map((i) => i.InstanceId) ?? [])).toEqual(["i-0b22222222222205a"]);
  });

  test("filters, instance ids and NotFound", async () => {
    const ec2 = clientsFor(sandbox, adminOf(sandbox, PROD), { region: "eu-west-1" }).ec2;
    const stopped = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["stopped"] }] }));
    expect(stopped.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe("stopped");
    const running = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["running"] }] }));
    expect(running.Reservations).toEqual([]);
    const byTag = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "tag:Name", Values: ["prod-batch-*"] }] }));
    expect(byTag.Reservations).toHaveLength(1);
    const missing = await failure(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-0000000000000000f"] })));
    expect([missing.name, missing.$metadata?.httpStatusCode]).toEqual(["InvalidInstanceID.NotFound", 400]);
    const badFilter = await failure(ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "nonsense", Values: ["x"] }] })));
    expect(badFilter.name).toBe("InvalidParameterValue");
  });

  test("hosts, reserved instances, regions", async () => {
    const ec2 = clientsFor(sandbox, adminOf(sandbox, PROD)).ec2;
    const hosts = await ec2.send(new DescribeHostsCommand({}));
    expect(hosts.Hosts?.[0]).toMatchObject({ HostId: "h-0b222222222222201", HostProperties: { Cores: 48, Sockets: 2, TotalVCpus: 96, InstanceFamily: "r5" } });
    expect(hosts.Hosts?.[0]?.Instances?.map((i) => i.InstanceId)).toEqual(["i-0b22222222222203a"]);
    const reserved = await ec2.send(new DescribeReservedInstancesCommand({}));
    expect(reserved.ReservedInstances?.map((r) => [r.InstanceType, r.InstanceCount, r.State])).toEqual([["m5.xlarge", 2, "active"]]);
    expect(reserved.ReservedInstances?.[0]?.End).toBeInstanceOf(Date);
    const regions = await ec2.send(new DescribeRegionsCommand({}));
    expect(regions.Regions?.map((r) => r.RegionName)).toEqual(expect.arrayContaining(["us-east-1", "eu-west-1", "ap-southeast-2"]));
    expect(regions.Regions?.[0]?.Endpoint).toMatch(/^ec2\..+\.amazonaws\.com$/);
  });

  test("NextToken/MaxResults pagination with the SDK paginator", async () => {
    const big = await startSandbox({ https: false, fixture: generateOrganization({ members: 1, instancesPerAccount: 23, regions: ["us-east-1"] }) });
    try {
      const ec2 = clientsFor(big, big.home).ec2;
      const pages: number[] = [];
      for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 10 }, {})) pages.push(page.Reservations?.length ?? 0);
      expect(pages).toEqual([10, 10, 3]);
      const tooSmall = await failure(ec2.send(new DescribeInstancesCommand({ MaxResults: 2 })));
      expect(tooSmall.name).toBe("InvalidParameterValue");
    } finally {
      await big.stop();
    }
  });
});

describe("RDS", () => {
  test("DescribeDBInstances is regional and describes engines and licenses", async () => {
    const rds = clientsFor(sandbox, adminOf(sandbox, PROD)).rds;
    const out = await rds.send(new DescribeDBInstancesCommand({}));
    expect(out.DBInstances?.map((d) => [d.DBInstanceIdentifier, d.Engine, d.LicenseModel])).toEqual([
      ["prod-oracle-erp", "oracle-ee", "bring-your-own-license"],
      ["prod-postgres-app", "postgres", "postgresql-license"],
    ]);
    expect(out.DBInstances?.[0]).toMatchObject({
      DBInstanceArn: `arn:aws:rds:us-east-1:${PROD}:db:prod-oracle-erp`,
      DBInstanceStatus: "available",
      MultiAZ: true,
      Endpoint: { Port: 1521 },
    });
    const eu = await clientsFor(sandbox, adminOf(sandbox, PROD), { region: "eu-west-1" }).rds.send(new DescribeDBInstancesCommand({}));
    expect(eu.DBInstances?.map((d) => d.Engine)).toEqual(["oracle-se2"]);
    const filtered = await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: "engine", Values: ["postgres"] }] }));
    expect(filtered.DBInstances?.map((d) => d.DBInstanceIdentifier)).toEqual(["prod-postgres-app"]);
    const missing = await failure(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "nope" })));
    expect([missing.name, missing.$metadata?.httpStatusCode]).toEqual(["DBInstanceNotFoundFault", 404]);
  });

  test("Marker/MaxRecords pagination", async () => {
    const big = await startSandbox({ https: false, fixture: generateOrganization({ members: 0, dbInstancesPerAccount: 45, regions: ["us-east-1"] }) });
    try {
      const rds = clientsFor(big, big.home).rds;
      const pages: number[] = [];
      for await (const page of paginateDescribeDBInstances({ client: rds, pageSize: 20 }, {})) pages.push(page.DBInstances?.length ?? 0);
      expect(pages).toEqual([20, 20, 5]);
    } finally {
      await big.stop();
    }
  });
});

describe("Organizations", () => {
  test("the management account lists every account and describes the organization", async () => {
    const org = clientsFor(sandbox, sandbox.home).organizations;
    const accounts = await org.send(new ListAccountsCommand({}));
    expect(accounts.Accounts?.map((a) => a.Id)).toEqual(["111111111111", "222222222222", "333333333333", "444444444444"]);
    expect(accounts.Accounts?.[1]).toMatchObject({ Name: "acme-production", Status: "ACTIVE", Arn: "arn:aws:organizations::111111111111:account/o-acme000001/222222222222" });
    expect(accounts.Accounts?.[1]?.JoinedTimestamp).toBeInstanceOf(Date);
    const description = await org.send(new DescribeOrganizationCommand({}));
    expect(description.Organization).toMatchObject({ Id: "o-acme000001", MasterAccountId: "111111111111", FeatureSet: "ALL" });
  });

  test("a member account may describe the organization but not list its accounts", async () => {
    const org = clientsFor(sandbox, adminOf(sandbox, PROD)).organizations;
    expect((await org.send(new DescribeOrganizationCommand({}))).Organization?.Id).toBe("o-acme000001");
    const denied = await failure(org.send(new ListAccountsCommand({})));
    expect([denied.name, denied.$metadata?.httpStatusCode]).toEqual(["AccessDeniedException", 403]);
  });

  test("a standalone account is not in an organization; ListAccounts pages by NextToken", async () => {
    const fixture = generateOrganization({ members: 25 });
    fixture.accounts.push({ ...fixture.accounts[1]!, accountId: "999999999999", name: "standalone", alias: undefined, inOrganization: false, users: [{ name: "sandbox-admin", attachedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"], accessKeys: [{ accessKeyId: "AKIASTANDALONE000001", secretAccessKey: "standaloneSecret000000000000000000000000" }] }] });
    const big = await startSandbox({ https: false, fixture });
    try {
      const standalone = clientsFor(big, adminOf(big, "999999999999")).organizations;
      const error = await failure(standalone.send(new DescribeOrganizationCommand({})));
      expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["AWSOrganizationsNotInUseException", 404]);
      const ids: string[] = [];
      for await (const page of paginateListAccounts({ client: clientsFor(big, big.home).organizations }, {})) {
        expect(page.Accounts!.length).toBeLessThanOrEqual(20);
        ids.push(...page.Accounts!.map((a) => a.Id!));
      }
      expect(ids).toHaveLength(26);
      expect(ids).not.toContain("999999999999");
    } finally {
      await big.stop();
    }
  });
});

describe("HTTPS", () => {
  test("every service answers over HTTPS with the generated CA", async () => {
    const c = clientsFor(sandbox, sandbox.home, { https: true });
    expect(sandbox.httpsEndpoint).toMatch(/^https:\/\/localhost:\d+$/);
    expect((await c.sts.send(new GetCallerIdentityCommand({}))).Account).toBe("111111111111");
    expect((await c.iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(["acme-management"]);
    expect((await c.iam.send(new ListUsersCommand({}))).Users?.length).toBeGreaterThan(0);
    expect((await c.organizations.send(new ListAccountsCommand({}))).Accounts).toHaveLength(4);
    const creds = (await c.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`, RoleSessionName: "tls" }))).Credentials!;
    const member = clientsFor(sandbox, { accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.SessionToken! }, { https: true });
    expect((await member.ec2.send(new DescribeInstancesCommand({}))).Reservations?.length).toBe(3);
    expect((await member.rds.send(new DescribeDBInstancesCommand({}))).DBInstances?.length).toBe(2);
  });

  test("a client that does not trust the CA is refused by TLS", async () => {
    const { STSClient } = await import("@aws-sdk/client-sts");
    const sts = new STSClient({ endpoint: sandbox.httpsEndpoint, region: "us-east-1", credentials: sandbox.home, maxAttempts: 1 });
    const error = await failure(sts.send(new GetCallerIdentityCommand({})));
    expect(String((error as Error & { code?: string }).code ?? error.message)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/i);
  });
});
