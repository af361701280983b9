/**
 * Identity and authorization conformance with the real SDK v3 clients: SigV4 checks, AssumeRole
 * (identity permission AND trust, external ID), policy evaluation (groups, inline, explicit deny,
 * NotAction, conditions), RDS resource-level permissions, IAM propagation delay.
 */
import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  ListAttachedUserPoliciesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateAssumeRolePolicyCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { ListAccountsCommand } from "@aws-sdk/client-organizations";
import { DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSandbox, type Sandbox } from "./index";
import { adminOf, clientsFor, failure, policy, sleep, type Credentials } from "./testing";

const HOME = "111111111111";
const PROD = "222222222222";
const DEV = "333333333333";
const ROLE = "ListEC2ForFNMSRole";
const EXTERNAL_ID = "fnms-ext-42";
const roleArn = (account: string, name = ROLE) => `arn:aws:iam::${account}:role/${name}`;

let sandbox: Sandbox;
let homeIam: IAMClient;

const inventoryPolicy = policy([
  { Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:DescribeHosts", "ec2:DescribeReservedInstances", "iam:ListAccountAliases"], Resource: "*" },
  { Effect: "Allow", Action: "rds:DescribeDBInstances", Resource: `arn:aws:rds:*:${PROD}:db:prod-oracle-*` },
]);

async function createUserWithKey(name: string, setup: (iam: IAMClient) => Promise<unknown> = async () => {}): Promise<Credentials> {
  await homeIam.send(new CreateUserCommand({ UserName: name }));
  await setup(homeIam);
  const key = (await homeIam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

async function assume(credentials: Credentials, arn: string, externalId?: string, extra: { DurationSeconds?: number } = {}) {
  const { sts } = clientsFor(sandbox, credentials);
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: "fnms", ExternalId: externalId, ...extra }));
  return out;
}

beforeAll(async () => {
  sandbox = await startSandbox({ https: false });
  homeIam = clientsFor(sandbox, adminOf(sandbox, HOME), { maxAttempts: 1 }).iam;
  // Procedure step 4 in two target accounts: one role requires the external ID, one does not.
  const trust = (withExternalId: boolean) =>
    policy([{
      Effect: "Allow", Principal: { AWS: `arn:aws:iam::${HOME}:root` }, Action: "sts:AssumeRole",
      ...(withExternalId ? { Condition: { StringEquals: { "sts:ExternalId": EXTERNAL_ID } } } : {}),
    }]);
  for (const [account, withExternalId] of [[PROD, true], [DEV, false]] as const) {
    const iam = clientsFor(sandbox, adminOf(sandbox, account), { maxAttempts: 1 }).iam;
    await iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: trust(withExternalId) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: "inventory", PolicyDocument: inventoryPolicy }));
  }
});
afterAll(async () => {
  await sandbox.stop();
});

describe("Signature V4 and credentials", () => {
  test("unknown key, wrong secret, missing session token are refused like AWS (per protocol)", async () => {
    const admin = adminOf(sandbox, HOME);
    const unknown = { accessKeyId: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: admin.secretAccessKey };
    const badSecret = { ...admin, secretAccessKey: `x${admin.secretAccessKey.slice(1)}` };
    const iamUnknown = await failure(clientsFor(sandbox, unknown).iam.send(new ListUsersCommand({})));
    expect([iamUnknown.name, iamUnknown.$metadata?.httpStatusCode]).toEqual(["InvalidClientTokenId", 403]);
    const iamBad = await failure(clientsFor(sandbox, badSecret).iam.send(new ListUsersCommand({})));
    expect([iamBad.name, iamBad.$metadata?.httpStatusCode]).toEqual(["SignatureDoesNotMatch", 403]);
    const stsBad = await failure(clientsFor(sandbox, badSecret).sts.send(new GetCallerIdentityCommand({})));
    expect(stsBad.name).toBe("SignatureDoesNotMatch");
    const ec2Unknown = await failure(clientsFor(sandbox, unknown).ec2.send(new DescribeInstancesCommand({})));
    expect([ec2Unknown.name, ec2Unknown.$metadata?.httpStatusCode]).toEqual(["AuthFailure", 401]);
    const orgUnknown = await failure(clientsFor(sandbox, unknown).organizations.send(new ListAccountsCommand({})));
    expect([orgUnknown.name, orgUnknown.$metadata?.httpStatusCode]).toEqual(["UnrecognizedClientException", 403]);
    const rdsBad = await failure(clientsFor(sandbox, badSecret).rds.send(new DescribeDBInstancesCommand({})));
    expect(rdsBad.name).toBe("SignatureDoesNotMatch");

    const session = (await assume(admin, roleArn(DEV, "OrganizationAccountAccessRole"))).Credentials!;
    const noToken = { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey! };
    const missing = await failure(clientsFor(sandbox, noToken).sts.send(new GetCallerIdentityCommand({})));
    expect(missing.name).toBe("InvalidClientTokenId");
  });

  test("an unsigned request is refused before anything else", async () => {
    const response = await fetch(sandbox.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=ListUsers&Version=2010-05-08",
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/);
  });

  test("clock skew beyond 5 minutes is refused; the SDK's own clock correction then recovers", async () => {
    // The sandbox's clock runs 10 minutes ahead of this machine's, like a client with a wrong clock.
    const ahead = await startSandbox({ https: false, clock: () => Date.now() + 10 * 60 * 1000 });
    try {
      const admin = adminOf(ahead, HOME);
      const error = await failure(clientsFor(ahead, admin, { maxAttempts: 1 }).sts.send(new GetCallerIdentityCommand({})));
      expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["SignatureDoesNotMatch", 403]);
      expect(error.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
      // A default client reads the server's Date header, corrects its clock offset and retries.
      const out = await clientsFor(ahead, admin).sts.send(new GetCallerIdentityCommand({}));
      expect(out.Account).toBe(HOME);
      expect(out.$metadata.attempts).toBe(2);
      const ec2 = await failure(clientsFor(ahead, admin, { maxAttempts: 1 }).ec2.send(new DescribeInstancesCommand({})));
      expect([ec2.name, ec2.$metadata?.httpStatusCode]).toEqual(["RequestExpired", 400]);
    } finally {
      await ahead.stop();
    }
    // Within 5 minutes is accepted.
    const withinSkew = clientsFor(sandbox, adminOf(sandbox, HOME), { systemClockOffset: -4 * 60 * 1000, maxAttempts: 1 });
    expect((await withinSkew.sts.send(new GetCallerIdentityCommand({}))).Account).toBe(HOME);
  });

  test("an expired session is refused with ExpiredToken", async () => {
    let offset = 0;
    const clocked = await startSandbox({ https: false, clock: () => Date.now() + offset });
    try {
      const admin = adminOf(clocked, HOME);
      const { sts } = clientsFor(clocked, admin);
      const creds = (await sts.send(new AssumeRoleCommand({ RoleArn: roleArn(PROD, "OrganizationAccountAccessRole"), RoleSessionName: "short", DurationSeconds: 900 }))).Credentials!;
      expect(creds.Expiration!.getTime() - Date.now()).toBeGreaterThan(890_000);
      offset = 901_000;
      const session = { accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.SessionToken! };
      // The client's clock moves with the sandbox's, so only the session's expiry is at stake.
      const later = clientsFor(clocked, session, { systemClockOffset: offset, maxAttempts: 1 });
      const expired = await failure(later.sts.send(new GetCallerIdentityCommand({})));
      expect([expired.name, expired.$metadata?.httpStatusCode]).toEqual(["ExpiredToken", 400]);
    } finally {
      await clocked.stop();
    }
  });
});

describe("AssumeRole: identity permission and trust policy", () => {
  let exactUser: Credentials;
  let wildcardUser: Credentials;

  beforeAll(async () => {
    // Procedure step 3: ReadRolesForFNMS with the exact role ARN, attached to the user (step 6).
    const { Policy } = await homeIam.send(new CreatePolicyCommand({
      PolicyName: "ReadRolesForFNMS",
      PolicyDocument: policy([
        { Effect: "Allow", Action: ["iam:GetUser", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListAttachedUserPolicies", "iam:ListGroupsForUser", "iam:ListAttachedGroupPolicies"], Resource: "*" },
        { Effect: "Allow", Action: "sts:AssumeRole", Resource: roleArn(PROD) },
      ]),
    }));
    exactUser = await createUserWithKey("FNMSUser", (iam) => iam.send(new AttachUserPolicyCommand({ UserName: "FNMSUser", PolicyArn: Policy!.Arn })));
    wildcardUser = await createUserWithKey("WildcardUser", (iam) =>
      iam.send(new PutUserPolicyCommand({ UserName: "WildcardUser", PolicyName: "any", PolicyDocument: policy([{ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::*:role/${ROLE}` }]) })),
    );
  });

  test("exact role ARN: that role only", async () => {
    const out = await assume(exactUser, roleArn(PROD), EXTERNAL_ID);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/${ROLE}/fnms`);
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SessionToken).toBeTruthy();
    const other = await failure(assume(exactUser, roleArn(DEV)));
    expect([other.name, other.$metadata?.httpStatusCode]).toEqual(["AccessDenied", 403]);
  });

  test("wildcard role ARN in the identity policy is honoured, as AWS does", async () => {
    expect((await assume(wildcardUser, roleArn(DEV))).AssumedRoleUser?.Arn).toContain(DEV);
    expect((await assume(wildcardUser, roleArn(PROD), EXTERNAL_ID)).AssumedRoleUser?.Arn).toContain(PROD);
  });

  test("trust with external ID: missing or wrong ID gets a generic AccessDenied", async () => {
    for (const externalId of [undefined, "wrong-id"]) {
      const error = await failure(assume(exactUser, roleArn(PROD), externalId));
      expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["AccessDenied", 403]);
      expect(error.message).toBe(`User: arn:aws:iam::${HOME}:user/FNMSUser is not authorized to perform: sts:AssumeRole on resource: ${roleArn(PROD)}`);
      expect(error.message).not.toMatch(/external/i);
    }
  });

  test("trust without external ID: assumable with or without one", async () => {
    expect((await assume(wildcardUser, roleArn(DEV))).Credentials).toBeDefined();
    expect((await assume(wildcardUser, roleArn(DEV), "anything-goes")).Credentials).toBeDefined();
  });

  test("a trust policy that does not name the caller's account refuses even a permitted caller", async () => {
    const lab = clientsFor(sandbox, adminOf(sandbox, "444444444444"), { maxAttempts: 1 }).iam;
    await lab.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: policy([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" }]) }));
    expect((await failure(assume(wildcardUser, roleArn("444444444444")))).name).toBe("AccessDenied");
    // ArnLike on the caller's principal ARN.
    await lab.send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: policy([{
      Effect: "Allow", Principal: { AWS: `arn:aws:iam::${HOME}:root` }, Action: "sts:AssumeRole",
      Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${HOME}:user/Wildcard*` } },
    }]) }));
    expect((await assume(wildcardUser, roleArn("444444444444"))).Credentials).toBeDefined();
  });

  test("duration is bounded by the role's MaxSessionDuration", async () => {
    const error = await failure(assume(wildcardUser, roleArn(DEV), undefined, { DurationSeconds: 7200 }));
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["ValidationError", 400]);
  });

  test("the role session acts with the role's policies, including RDS resource-level permissions", async () => {
    const creds = (await assume(exactUser, roleArn(PROD), EXTERNAL_ID)).Credentials!;
    const session = { accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.SessionToken! };
    const c = clientsFor(sandbox, session, { maxAttempts: 1 });
    const me = await c.sts.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/${ROLE}/fnms`);
    expect(me.UserId).toMatch(/^AROA[A-Z2-7]{16}:fnms$/);
    expect((await c.ec2.send(new DescribeInstancesCommand({}))).Reservations?.length).toBeGreaterThan(0);
    const oracle = await c.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "prod-oracle-erp" }));
    expect(oracle.DBInstances?.[0]?.Engine).toBe("oracle-ee");
    const postgres = await failure(c.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "prod-postgres-app" })));
    expect([postgres.name, postgres.$metadata?.httpStatusCode]).toEqual(["AccessDenied", 403]);
    expect(postgres.message).toContain(`arn:aws:rds:us-east-1:${PROD}:db:prod-postgres-app`);
    const unfiltered = await failure(c.rds.send(new DescribeDBInstancesCommand({})));
    expect(unfiltered.name).toBe("AccessDenied");
    const euOracle = await clientsFor(sandbox, session, { region: "eu-west-1" }).rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "prod-oracle-hr" }));
    expect(euOracle.DBInstances?.[0]?.DBInstanceArn).toBe(`arn:aws:rds:eu-west-1:${PROD}:db:prod-oracle-hr`);
    const iamDenied = await failure(c.iam.send(new ListUsersCommand({})));
    expect(iamDenied.name).toBe("AccessDenied");
    expect(iamDenied.message).toContain(`arn:aws:sts::${PROD}:assumed-role/${ROLE}/fnms`);
  });
});

describe("policy evaluation", () => {
  test("default deny for a user without policies", async () => {
    const nobody = await createUserWithKey("NoPolicies");
    const error = await failure(clientsFor(sandbox, nobody).iam.send(new ListUsersCommand({})));
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["AccessDenied", 403]);
    expect(error.message).toBe(`User: arn:aws:iam::${HOME}:user/NoPolicies is not authorized to perform: iam:ListUsers because no identity-based policy allows the iam:ListUsers action`);
    const ec2 = await failure(clientsFor(sandbox, nobody).ec2.send(new DescribeInstancesCommand({})));
    expect([ec2.name, ec2.$metadata?.httpStatusCode]).toEqual(["UnauthorizedOperation", 403]);
    // GetCallerIdentity needs no permission.
    expect((await clientsFor(sandbox, nobody).sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${HOME}:user/NoPolicies`);
  });

  test("group-attached policies grant access; leaving the group removes it", async () => {
    await homeIam.send(new CreateGroupCommand({ GroupName: "Collectors" }));
    await homeIam.send(new AttachGroupPolicyCommand({ GroupName: "Collectors", PolicyArn: "arn:aws:iam::aws:policy/IAMReadOnlyAccess" }));
    const grouped = await createUserWithKey("GroupedUser", (iam) => iam.send(new AddUserToGroupCommand({ GroupName: "Collectors", UserName: "GroupedUser" })));
    const iam = clientsFor(sandbox, grouped, { maxAttempts: 1 }).iam;
    expect((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: "GroupedUser" }))).AttachedPolicies).toEqual([]);
    await homeIam.send(new RemoveUserFromGroupCommand({ GroupName: "Collectors", UserName: "GroupedUser" }));
    expect((await failure(iam.send(new ListAttachedUserPoliciesCommand({ UserName: "GroupedUser" })))).name).toBe("AccessDenied");
  });

  test("an inline-only user is authorized by its inline policy", async () => {
    const inline = await createUserWithKey("InlineOnly", (iam) =>
      iam.send(new PutUserPolicyCommand({ UserName: "InlineOnly", PolicyName: "assume", PolicyDocument: policy([{ Effect: "Allow", Action: "sts:AssumeRole", Resource: roleArn(PROD) }]) })),
    );
    expect((await assume(inline, roleArn(PROD), EXTERNAL_ID)).AssumedRoleUser?.Arn).toContain(PROD);
  });

  test("explicit deny wins over an allow", async () => {
    const denied = await createUserWithKey("DeniedAdmin", async (iam) => {
      await iam.send(new AttachUserPolicyCommand({ UserName: "DeniedAdmin", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }));
      await iam.send(new PutUserPolicyCommand({ UserName: "DeniedAdmin", PolicyName: "deny", PolicyDocument: policy([{ Effect: "Deny", Action: ["iam:ListUsers", "sts:AssumeRole"], Resource: "*" }]) }));
    });
    const c = clientsFor(sandbox, denied, { maxAttempts: 1 });
    const error = await failure(c.iam.send(new ListUsersCommand({})));
    expect(error.name).toBe("AccessDenied");
    expect(error.message).toContain("with an explicit deny in an identity-based policy");
    expect((await failure(assume(denied, roleArn(DEV)))).name).toBe("AccessDenied");
    expect((await c.ec2.send(new DescribeInstancesCommand({}))).$metadata.httpStatusCode).toBe(200);
  });

  test("NotAction, NotResource and conditions (StringLike, Bool)", async () => {
    const shaped = await createUserWithKey("ShapedUser", (iam) =>
      iam.send(new PutUserPolicyCommand({
        UserName: "ShapedUser", PolicyName: "shaped",
        PolicyDocument: policy([
          { Effect: "Allow", NotAction: "iam:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } },
          { Effect: "Allow", Action: "iam:ListAttachedUserPolicies", NotResource: `arn:aws:iam::${HOME}:user/sandbox-admin` },
          { Effect: "Allow", Action: "iam:ListUsers", Resource: "*", Condition: { StringLike: { "aws:PrincipalArn": "*:user/Nobody*" } } },
        ]),
      })),
    );
    const c = clientsFor(sandbox, shaped, { maxAttempts: 1 });
    expect((await c.ec2.send(new DescribeInstancesCommand({}))).$metadata.httpStatusCode).toBe(200);
    expect((await c.iam.send(new ListAttachedUserPoliciesCommand({ UserName: "ShapedUser" }))).AttachedPolicies).toEqual([]);
    expect((await failure(c.iam.send(new ListAttachedUserPoliciesCommand({ UserName: "sandbox-admin" })))).name).toBe("AccessDenied");
    expect((await failure(c.iam.send(new ListUsersCommand({})))).name).toBe("AccessDenied");
  });
});

describe("IAM propagation delay", () => {
  test("new keys, roles, permissions, policy versions and trust changes take effect only after the delay", async () => {
    await sandbox.control.setFaults({ propagationDelayMs: 300 });
    try {
      const prodIam = clientsFor(sandbox, adminOf(sandbox, PROD), { maxAttempts: 1 }).iam;
      const trustHome = policy([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${HOME}:root` }, Action: "sts:AssumeRole" }]);

      // A new access key is unknown to authentication at first.
      const user = await createUserWithKey("SlowUser");
      const early = await failure(clientsFor(sandbox, user, { maxAttempts: 1 }).sts.send(new GetCallerIdentityCommand({})));
      expect([early.name, early.$metadata?.httpStatusCode]).toEqual(["InvalidClientTokenId", 403]);
      await sleep(350);
      expect((await clientsFor(sandbox, user).sts.send(new GetCallerIdentityCommand({}))).Arn).toContain("SlowUser");

      // A new permission (managed policy attached to the user) is not effective at first.
      const { Policy } = await homeIam.send(new CreatePolicyCommand({
        PolicyName: "SlowAssume",
        PolicyDocument: policy([{ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${PROD}:role/Slow*` }]),
      }));
      await prodIam.send(new CreateRoleCommand({ RoleName: "SlowRole", AssumeRolePolicyDocument: trustHome }));
      await homeIam.send(new AttachUserPolicyCommand({ UserName: "SlowUser", PolicyArn: Policy!.Arn }));
      expect((await failure(assume(user, roleArn(PROD, "SlowRole")))).name).toBe("AccessDenied");
      await sleep(350);
      expect((await assume(user, roleArn(PROD, "SlowRole"))).Credentials).toBeDefined();

      // A new role cannot be assumed at first, though the caller is permitted.
      await prodIam.send(new CreateRoleCommand({ RoleName: "SlowRole2", AssumeRolePolicyDocument: trustHome }));
      expect((await failure(assume(user, roleArn(PROD, "SlowRole2")))).name).toBe("AccessDenied");
      await sleep(350);
      expect((await assume(user, roleArn(PROD, "SlowRole2"))).Credentials).toBeDefined();

      // A new default policy version: the old default stays in force until it propagates.
      await homeIam.send(new CreatePolicyVersionCommand({
        PolicyArn: Policy!.Arn, SetAsDefault: true,
        PolicyDocument: policy([{ Effect: "Allow", Action: "sts:AssumeRole", Resource: roleArn(PROD, "SlowRole2") }]),
      }));
      expect((await assume(user, roleArn(PROD, "SlowRole"))).Credentials).toBeDefined();
      await sleep(350);
      expect((await failure(assume(user, roleArn(PROD, "SlowRole")))).name).toBe("AccessDenied");

      // A trust change: the old trust stays in force until the change propagates.
      await prodIam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "SlowRole2", PolicyDocument: policy([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" }]) }));
      expect((await assume(user, roleArn(PROD, "SlowRole2"))).Credentials).toBeDefined();
      await sleep(350);
      expect((await failure(assume(user, roleArn(PROD, "SlowRole2")))).name).toBe("AccessDenied");
    } finally {
      await sandbox.control.clearFaults();
    }
  });
});
