/**
 * IAM conformance: the real @aws-sdk/client-iam against the sandbox over HTTP. Each assertion is
 * about what the SDK surfaces (error.name, HTTP status, parsed shapes), which is the contract.
 */
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteAccountAliasCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DetachRolePolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListAccountAliasesCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  SimulatePrincipalPolicyCommand,
  TagRoleCommand,
  UpdateAccessKeyCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSandbox, type Sandbox } from "./index";
import { adminOf, clientsFor, failure, policy } from "./testing";

let sandbox: Sandbox;
let iam: IAMClient;
const ACCOUNT = "222222222222";

const trust = (principal = "arn:aws:iam::111111111111:root") =>
  policy([{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }]);
const readEc2 = policy([{ Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:DescribeHosts"], Resource: "*" }]);

beforeAll(async () => {
  sandbox = await startSandbox({ https: false });
  // One attempt: the SDK retries LimitExceededException as if it were throttling, which only slows these tests.
  iam = clientsFor(sandbox, adminOf(sandbox, ACCOUNT), { maxAttempts: 1 }).iam;
});
afterAll(async () => {
  await sandbox.stop();
});

describe("users and GetUser", () => {
  test("GetUser without a name answers the caller", async () => {
    const out = await iam.send(new GetUserCommand({}));
    expect(out.User).toMatchObject({ UserName: "sandbox-admin", Arn: `arn:aws:iam::${ACCOUNT}:user/sandbox-admin`, Path: "/" });
    expect(out.User?.UserId).toMatch(/^AIDA[A-Z2-7]{16}$/);
    expect(out.User?.CreateDate).toBeInstanceOf(Date);
  });

  test("names are unique case-insensitively and validated", async () => {
    await iam.send(new CreateUserCommand({ UserName: "Casey" }));
    const dup = await failure(iam.send(new CreateUserCommand({ UserName: "casey" })));
    expect(dup.name).toBe("EntityAlreadyExistsException");
    expect(dup.$metadata?.httpStatusCode).toBe(409);
    const bad = await failure(iam.send(new CreateUserCommand({ UserName: "has space" })));
    expect(bad.name).toBe("ValidationError");
    expect(bad.$metadata?.httpStatusCode).toBe(400);
    const missing = await failure(iam.send(new GetUserCommand({ UserName: "nobody" })));
    expect(missing.name).toBe("NoSuchEntityException");
    expect(missing.$metadata?.httpStatusCode).toBe(404);
    // Lookups are case-insensitive too, and answer the stored spelling.
    expect((await iam.send(new GetUserCommand({ UserName: "CASEY" }))).User?.UserName).toBe("Casey");
  });

  test("ListUsers pages with Marker/MaxItems", async () => {
    for (const n of ["page-a", "page-b", "page-c"]) await iam.send(new CreateUserCommand({ UserName: n, Path: "/paging/" }));
    const first = await iam.send(new ListUsersCommand({ PathPrefix: "/paging/", MaxItems: 2 }));
    expect(first.Users?.map((u) => u.UserName)).toEqual(["page-a", "page-b"]);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListUsersCommand({ PathPrefix: "/paging/", MaxItems: 2, Marker: first.Marker }));
    expect(second.Users?.map((u) => u.UserName)).toEqual(["page-c"]);
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();
  });

  test("a user with keys, policies or groups cannot be deleted", async () => {
    await iam.send(new CreateUserCommand({ UserName: "del-me" }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: "del-me" }));
    const conflict = await failure(iam.send(new DeleteUserCommand({ UserName: "del-me" })));
    expect(conflict.name).toBe("DeleteConflictException");
    expect(conflict.$metadata?.httpStatusCode).toBe(409);
    await iam.send(new DeleteAccessKeyCommand({ UserName: "del-me", AccessKeyId: key.AccessKey!.AccessKeyId }));
    await iam.send(new DeleteUserCommand({ UserName: "del-me" }));
    expect((await failure(iam.send(new GetUserCommand({ UserName: "del-me" })))).name).toBe("NoSuchEntityException");
  });
});

describe("managed policies and versions", () => {
  test("documents come back URL-encoded, exactly as submitted", async () => {
    const doc = `{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}]\n}`;
    const created = await iam.send(new CreatePolicyCommand({ PolicyName: "Encoded", PolicyDocument: doc, Path: "/fnms/" }));
    expect(created.Policy).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT}:policy/fnms/Encoded`, DefaultVersionId: "v1", AttachmentCount: 0 });
    const v = await iam.send(new GetPolicyVersionCommand({ PolicyArn: created.Policy!.Arn, VersionId: "v1" }));
    expect(v.PolicyVersion?.Document).toBe(encodeURIComponent(doc));
    expect(v.PolicyVersion?.Document).toContain("%7B");
    expect(decodeURIComponent(v.PolicyVersion!.Document!)).toBe(doc);
    expect(v.PolicyVersion?.IsDefaultVersion).toBe(true);
  });

  test("at most 5 versions; default switching; default version cannot be deleted", async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: "Versioned", PolicyDocument: readEc2 }));
    const arn = Policy!.Arn!;
    for (let i = 2; i <= 5; i++) {
      const out = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: readEc2, SetAsDefault: i === 5 }));
      expect(out.PolicyVersion?.VersionId).toBe(`v${i}`);
    }
    const sixth = await failure(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: readEc2 })));
    expect(sixth.name).toBe("LimitExceededException");
    expect(sixth.$metadata?.httpStatusCode).toBe(409);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId).toBe("v5");
    const delDefault = await failure(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: "v5" })));
    expect(delDefault.name).toBe("DeleteConflictException");
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: "v2" }));
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: "v1" }));
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    expect(versions.Versions?.map((x) => [x.VersionId, x.IsDefaultVersion])).toEqual([
      ["v5", false], ["v4", false], ["v3", false], ["v2", true],
    ]);
    // Room again: the next version number keeps counting.
    expect((await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: readEc2 }))).PolicyVersion?.VersionId).toBe("v6");
    const missing = await failure(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v1" })));
    expect(missing.name).toBe("NoSuchEntityException");
  });

  test("documents are validated: JSON, grammar, version, size", async () => {
    const cases: [string, string][] = [
      ["{not json", "MalformedPolicyDocumentException"],
      [JSON.stringify({ Version: "2011-01-01", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }), "MalformedPolicyDocumentException"],
      [policy([{ Effect: "Allow", Action: "ec2:DescribeInstances" }]), "MalformedPolicyDocumentException"],
      [policy([{ Effect: "Allow", Principal: "*", Action: "ec2:DescribeInstances", Resource: "*" }]), "MalformedPolicyDocumentException"],
    ];
    for (const [doc, code] of cases) {
      const error = await failure(iam.send(new CreatePolicyCommand({ PolicyName: "Invalid", PolicyDocument: doc })));
      expect(error.name).toBe(code);
      expect(error.$metadata?.httpStatusCode).toBe(400);
    }
    // 6,144 characters without whitespace: whitespace does not count, content does.
    const resources = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:rds:us-east-1:${ACCOUNT}:db:instance-${String(i).padStart(4, "0")}`);
    const fits = policy([{ Effect: "Allow", Action: "rds:DescribeDBInstances", Resource: resources(100) }]);
    expect(fits.length).toBeLessThanOrEqual(6144);
    const padded = fits.replace(/,/g, ",\n              ");
    expect(padded.length).toBeGreaterThan(6144);
    await iam.send(new CreatePolicyCommand({ PolicyName: "FitsWithWhitespace", PolicyDocument: padded }));
    const tooBig = policy([{ Effect: "Allow", Action: "rds:DescribeDBInstances", Resource: resources(200) }]);
    const big = await failure(iam.send(new CreatePolicyCommand({ PolicyName: "TooBig", PolicyDocument: tooBig })));
    expect(big.name).toBe("LimitExceededException");
    expect(big.message).toContain("6144");
  });

  test("a policy with attachments or extra versions cannot be deleted; ListEntitiesForPolicy", async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: "Attached", PolicyDocument: readEc2 }));
    const arn = Policy!.Arn!;
    await iam.send(new CreateRoleCommand({ RoleName: "AttachedRole", AssumeRolePolicyDocument: trust() }));
    await iam.send(new CreateGroupCommand({ GroupName: "AttachedGroup" }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "AttachedRole", PolicyArn: arn }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: "AttachedGroup", PolicyArn: arn }));
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount).toBe(2);
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    expect(entities.PolicyRoles?.map((r) => r.RoleName)).toEqual(["AttachedRole"]);
    expect(entities.PolicyGroups?.map((g) => g.GroupName)).toEqual(["AttachedGroup"]);
    expect(entities.PolicyUsers).toEqual([]);
    const conflict = await failure(iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    expect(conflict.name).toBe("DeleteConflictException");
    const roleConflict = await failure(iam.send(new DeleteRoleCommand({ RoleName: "AttachedRole" })));
    expect(roleConflict.name).toBe("DeleteConflictException");
    await iam.send(new DetachRolePolicyCommand({ RoleName: "AttachedRole", PolicyArn: arn }));
    await iam.send(new DeleteRoleCommand({ RoleName: "AttachedRole" }));
    const local = await iam.send(new ListPoliciesCommand({ Scope: "Local", OnlyAttached: true }));
    expect(local.Policies?.map((p) => p.PolicyName)).toEqual(["Attached"]);
    const notFound = await failure(iam.send(new AttachRolePolicyCommand({ RoleName: "sandbox-nope", PolicyArn: arn })));
    expect(notFound.name).toBe("NoSuchEntityException");
  });
});

describe("roles, groups, inline policies", () => {
  test("role: trust policy, max session duration, update, tags, attach/list", async () => {
    const created = await iam.send(new CreateRoleCommand({
      RoleName: "ListEC2ForFNMSRole", Path: "/fnms/", AssumeRolePolicyDocument: trust(), MaxSessionDuration: 7200, Description: "inventory",
      Tags: [{ Key: "owner", Value: "itam" }],
    }));
    expect(created.Role?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/fnms/ListEC2ForFNMSRole`);
    expect(created.Role?.RoleId).toMatch(/^AROA/);
    const got = await iam.send(new GetRoleCommand({ RoleName: "ListEC2ForFNMSRole" }));
    expect(got.Role?.MaxSessionDuration).toBe(7200);
    expect(JSON.parse(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!))).toEqual(JSON.parse(trust()));
    await iam.send(new UpdateRoleCommand({ RoleName: "ListEC2ForFNMSRole", MaxSessionDuration: 3600 }));
    const tooLong = await failure(iam.send(new UpdateRoleCommand({ RoleName: "ListEC2ForFNMSRole", MaxSessionDuration: 50_000 })));
    expect(tooLong.name).toBe("ValidationError");
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "ListEC2ForFNMSRole", PolicyDocument: trust("arn:aws:iam::333333333333:root") }));
    const updated = await iam.send(new GetRoleCommand({ RoleName: "listec2forfnmsrole" }));
    expect(updated.Role?.MaxSessionDuration).toBe(3600);
    expect(decodeURIComponent(updated.Role!.AssumeRolePolicyDocument!)).toContain("333333333333");
    await iam.send(new TagRoleCommand({ RoleName: "ListEC2ForFNMSRole", Tags: [{ Key: "env", Value: "prod" }] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: "ListEC2ForFNMSRole" }))).Tags?.map((t) => t.Key).sort()).toEqual(["env", "owner"]);
    await iam.send(new AttachRolePolicyCommand({ RoleName: "ListEC2ForFNMSRole", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "ListEC2ForFNMSRole" }));
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: "ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }]);
    const roles = await iam.send(new ListRolesCommand({ PathPrefix: "/fnms/" }));
    expect(roles.Roles?.map((r) => r.RoleName)).toEqual(["ListEC2ForFNMSRole"]);
    const badTrust = await failure(iam.send(new CreateRoleCommand({ RoleName: "BadTrust", AssumeRolePolicyDocument: readEc2 })));
    expect(badTrust.name).toBe("MalformedPolicyDocumentException");
    const bigTrust = policy([{ Effect: "Allow", Principal: { AWS: Array.from({ length: 80 }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:root`) }, Action: "sts:AssumeRole" }]);
    const big = await failure(iam.send(new CreateRoleCommand({ RoleName: "BigTrust", AssumeRolePolicyDocument: bigTrust })));
    expect(big.name).toBe("LimitExceededException");
  });

  test("inline policies: put, get (URL-encoded), list, delete for users, groups and roles", async () => {
    await iam.send(new CreateUserCommand({ UserName: "inline-user" }));
    await iam.send(new CreateGroupCommand({ GroupName: "inline-group" }));
    await iam.send(new CreateRoleCommand({ RoleName: "inline-role", AssumeRolePolicyDocument: trust() }));
    await iam.send(new PutUserPolicyCommand({ UserName: "inline-user", PolicyName: "p1", PolicyDocument: readEc2 }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: "inline-group", PolicyName: "g1", PolicyDocument: readEc2 }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "inline-role", PolicyName: "r1", PolicyDocument: readEc2 }));
    const got = await iam.send(new GetUserPolicyCommand({ UserName: "inline-user", PolicyName: "p1" }));
    expect(got.PolicyDocument).toBe(encodeURIComponent(readEc2));
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: "inline-user" }))).PolicyNames).toEqual(["p1"]);
    expect((await iam.send(new ListGroupPoliciesCommand({ GroupName: "inline-group" }))).PolicyNames).toEqual(["g1"]);
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: "inline-role" }))).PolicyNames).toEqual(["r1"]);
    expect((await iam.send(new GetRolePolicyCommand({ RoleName: "inline-role", PolicyName: "r1" }))).RoleName).toBe("inline-role");
    await iam.send(new DeleteRolePolicyCommand({ RoleName: "inline-role", PolicyName: "r1" }));
    expect((await failure(iam.send(new GetRolePolicyCommand({ RoleName: "inline-role", PolicyName: "r1" })))).name).toBe("NoSuchEntityException");
  });

  test("groups: membership and attached group policies", async () => {
    await iam.send(new CreateUserCommand({ UserName: "member-user" }));
    await iam.send(new CreateGroupCommand({ GroupName: "Readers" }));
    await iam.send(new AddUserToGroupCommand({ GroupName: "readers", UserName: "member-user" }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: "Readers", PolicyArn: "arn:aws:iam::aws:policy/IAMReadOnlyAccess" }));
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: "member-user" }))).Groups?.map((g) => g.GroupName)).toEqual(["Readers"]);
    expect((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: "Readers" }))).AttachedPolicies?.[0]?.PolicyName).toBe("IAMReadOnlyAccess");
    expect((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: "member-user" }))).AttachedPolicies).toEqual([]);
  });
});

describe("access keys and aliases", () => {
  test("at most 2 keys per user; status; last used", async () => {
    await iam.send(new CreateUserCommand({ UserName: "FNMSUser" }));
    await iam.send(new AttachUserPolicyCommand({ UserName: "FNMSUser", PolicyArn: "arn:aws:iam::aws:policy/IAMReadOnlyAccess" }));
    const k1 = (await iam.send(new CreateAccessKeyCommand({ UserName: "FNMSUser" }))).AccessKey!;
    expect(k1.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(k1.SecretAccessKey).toHaveLength(40);
    expect(k1.Status).toBe("Active");
    await iam.send(new CreateAccessKeyCommand({ UserName: "FNMSUser" }));
    const third = await failure(iam.send(new CreateAccessKeyCommand({ UserName: "FNMSUser" })));
    expect(third.name).toBe("LimitExceededException");
    expect(third.$metadata?.httpStatusCode).toBe(409);
    const never = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k1.AccessKeyId }));
    expect(never.AccessKeyLastUsed).toMatchObject({ ServiceName: "N/A", Region: "N/A" });
    expect(never.AccessKeyLastUsed?.LastUsedDate).toBeUndefined();
    const asUser = clientsFor(sandbox, { accessKeyId: k1.AccessKeyId!, secretAccessKey: k1.SecretAccessKey! }, { region: "eu-west-1" }).iam;
    await asUser.send(new ListUsersCommand({}));
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k1.AccessKeyId }));
    expect(used.UserName).toBe("FNMSUser");
    expect(used.AccessKeyLastUsed).toMatchObject({ ServiceName: "iam", Region: "eu-west-1" });
    expect(used.AccessKeyLastUsed?.LastUsedDate).toBeInstanceOf(Date);
    await iam.send(new UpdateAccessKeyCommand({ UserName: "FNMSUser", AccessKeyId: k1.AccessKeyId, Status: "Inactive" }));
    const inactive = await failure(asUser.send(new ListUsersCommand({})));
    expect(inactive.name).toBe("InvalidClientTokenId");
    expect(inactive.$metadata?.httpStatusCode).toBe(403);
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: "FNMSUser" }));
    expect(listed.AccessKeyMetadata?.map((k) => k.Status).sort()).toEqual(["Active", "Inactive"]);
  });

  test("account aliases: create, list, unique across accounts, delete", async () => {
    const lab = clientsFor(sandbox, adminOf(sandbox, "444444444444")).iam;
    expect((await lab.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
    const taken = await failure(lab.send(new CreateAccountAliasCommand({ AccountAlias: "acme-production" })));
    expect(taken.name).toBe("EntityAlreadyExistsException");
    await lab.send(new CreateAccountAliasCommand({ AccountAlias: "acme-lab" }));
    expect((await lab.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(["acme-lab"]);
    await lab.send(new DeleteAccountAliasCommand({ AccountAlias: "acme-lab" }));
    expect((await lab.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
  });
});

describe("SimulatePrincipalPolicy", () => {
  test("evaluates the principal's policies per action and resource", async () => {
    await iam.send(new CreateUserCommand({ UserName: "sim-user" }));
    await iam.send(new PutUserPolicyCommand({
      UserName: "sim-user", PolicyName: "sim",
      PolicyDocument: policy([
        { Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::333333333333:role/ListEC2ForFNMSRole" },
        { Effect: "Allow", Action: "iam:List*", Resource: "*" },
        { Effect: "Deny", Action: "iam:ListUsers", Resource: "*" },
      ]),
    }));
    const out = await iam.send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/sim-user`,
      ActionNames: ["sts:AssumeRole", "iam:ListUsers", "iam:ListRoles"],
      ResourceArns: ["arn:aws:iam::333333333333:role/ListEC2ForFNMSRole"],
    }));
    expect(out.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision])).toEqual([
      ["sts:AssumeRole", "allowed"],
      ["iam:ListUsers", "explicitDeny"],
      ["iam:ListRoles", "allowed"],
    ]);
    const other = await iam.send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/sim-user`,
      ActionNames: ["sts:AssumeRole"],
      ResourceArns: ["arn:aws:iam::444444444444:role/ListEC2ForFNMSRole"],
    }));
    expect(other.EvaluationResults?.[0]?.EvalDecision).toBe("implicitDeny");
  });
});
