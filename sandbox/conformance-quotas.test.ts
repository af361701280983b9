/**
 * IAM quota conformance: the real @aws-sdk/client-iam against the sandbox over HTTP. At AWS's
 * default each quota refuses one more with IAM's LimitExceeded (409) and its message, and leaves
 * nothing behind; a raised quota allows more; a raise past AWS's maximum is refused whole.
 */
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyVersionCommand,
  GetPolicyCommand,
  GetRoleCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListPolicyVersionsCommand,
  ListRoleTagsCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { IAM_QUOTAS, startSandbox, type QuotaName, type Sandbox } from "./index";
import { adminOf, clientsFor, failure, policy } from "./testing";

let sandbox: Sandbox;
let iam: IAMClient;
const ACCOUNT = "222222222222";
const HOME = "arn:aws:iam::111111111111:root";
/** More customer-managed policies than any raised per-entity quota allows (25 per role). */
const POLICY_COUNT = 26;
const policyArn = (i: number) => `arn:aws:iam::${ACCOUNT}:policy/quota/Quota${i}`;

const readEc2 = policy([{ Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" }]);
const trust = policy([{ Effect: "Allow", Principal: { AWS: HOME }, Action: "sts:AssumeRole" }]);

/** A document of exactly `size` characters without whitespace (IAM's count), grown through its Sid. */
function sized(size: number, statement: Record<string, unknown>): string {
  const doc = (sid: string) => policy([{ Sid: sid, ...statement }]);
  const filler = size - doc("").length;
  if (filler < 0) throw new Error(`no document of ${size} characters`);
  return doc("S".repeat(filler));
}
const managedOfSize = (size: number) => sized(size, { Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" });
const trustOfSize = (size: number) => sized(size, { Effect: "Allow", Principal: { AWS: HOME }, Action: "sts:AssumeRole" });
/** The same document with whitespace everywhere JSON allows it: IAM does not count it. */
const spacedOut = (doc: string) => JSON.stringify(JSON.parse(doc), null, 8);

async function limitExceeded(call: Promise<unknown>): Promise<string> {
  const error = await failure(call);
  expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["LimitExceededException", 409]);
  return error.message;
}

async function control(method: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.controlUrl}/quotas`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const values = async () => Object.fromEntries(Object.entries(await sandbox.control.getQuotas()).map(([name, q]) => [name, q.value])) as Record<QuotaName, number>;

beforeAll(async () => {
  sandbox = await startSandbox({ https: false });
  // One attempt: the SDK retries LimitExceededException as if it were throttling.
  iam = clientsFor(sandbox, adminOf(sandbox, ACCOUNT), { maxAttempts: 1 }).iam;
  for (let i = 1; i <= POLICY_COUNT; i++) await iam.send(new CreatePolicyCommand({ PolicyName: `Quota${i}`, Path: "/quota/", PolicyDocument: readEc2 }));
});
afterEach(async () => {
  await sandbox.control.resetQuotas();
});
afterAll(async () => {
  await sandbox.stop();
});

const ATTACH = {
  user: {
    create: (name: string) => iam.send(new CreateUserCommand({ UserName: name })),
    attach: (name: string, arn: string) => iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: arn })),
    attached: async (name: string) => (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: name }))).AttachedPolicies ?? [],
    awsKey: "PoliciesPerUser",
  },
  group: {
    create: (name: string) => iam.send(new CreateGroupCommand({ GroupName: name })),
    attach: (name: string, arn: string) => iam.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn: arn })),
    attached: async (name: string) => (await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: name }))).AttachedPolicies ?? [],
    awsKey: "PoliciesPerGroup",
  },
  role: {
    create: (name: string) => iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust })),
    attach: (name: string, arn: string) => iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: arn })),
    attached: async (name: string) => (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }))).AttachedPolicies ?? [],
    awsKey: "PoliciesPerRole",
  },
} as const;

describe("at AWS's defaults, one more is LimitExceeded with IAM's message, and nothing is applied", () => {
  test.each(Object.keys(ATTACH) as (keyof typeof ATTACH)[])("managed policies per %s: 10", async (kind) => {
    const e = ATTACH[kind];
    const name = `full-${kind}`;
    await e.create(name);
    for (let i = 1; i <= 10; i++) await e.attach(name, policyArn(i));
    expect(await limitExceeded(e.attach(name, policyArn(11)))).toBe(`Cannot exceed quota for ${e.awsKey}: 10`);
    expect((await e.attached(name)).map((p) => p.PolicyArn)).toEqual(Array.from({ length: 10 }, (_, i) => policyArn(i + 1)));
    // Attaching one already attached adds nothing, so it is no LimitExceeded.
    await e.attach(name, policyArn(10));
    expect(await e.attached(name)).toHaveLength(10);
  });

  test("groups per user: 10", async () => {
    await iam.send(new CreateUserCommand({ UserName: "joiner" }));
    for (let i = 1; i <= 11; i++) await iam.send(new CreateGroupCommand({ GroupName: `join-${i}` }));
    for (let i = 1; i <= 10; i++) await iam.send(new AddUserToGroupCommand({ UserName: "joiner", GroupName: `join-${i}` }));
    expect(await limitExceeded(iam.send(new AddUserToGroupCommand({ UserName: "joiner", GroupName: "join-11" })))).toBe("Cannot exceed quota for GroupsPerUser: 10");
    const groups = (await iam.send(new ListGroupsForUserCommand({ UserName: "joiner" }))).Groups ?? [];
    expect(groups.map((g) => g.GroupName)).toEqual(Array.from({ length: 10 }, (_, i) => `join-${i + 1}`));
    await iam.send(new AddUserToGroupCommand({ UserName: "joiner", GroupName: "join-10" }));
  });

  test("versions per managed policy: 5", async () => {
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: "FiveVersions", PolicyDocument: readEc2 }))).Policy!.Arn!;
    for (let i = 2; i <= 5; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: readEc2 }));
    expect(await limitExceeded(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: readEc2, SetAsDefault: true })))).toBe(
      "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
    );
    expect((await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions?.map((v) => v.VersionId)).toEqual(["v5", "v4", "v3", "v2", "v1"]);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId).toBe("v1");
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: "v2" }));
    expect((await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: readEc2 }))).PolicyVersion?.VersionId).toBe("v6");
  });

  test("access keys per user: 2", async () => {
    await iam.send(new CreateUserCommand({ UserName: "two-keys" }));
    await iam.send(new CreateAccessKeyCommand({ UserName: "two-keys" }));
    await iam.send(new CreateAccessKeyCommand({ UserName: "two-keys" }));
    expect(await limitExceeded(iam.send(new CreateAccessKeyCommand({ UserName: "two-keys" })))).toBe("Cannot exceed quota for AccessKeysPerUser: 2");
    expect((await iam.send(new ListAccessKeysCommand({ UserName: "two-keys" }))).AccessKeyMetadata).toHaveLength(2);
  });

  test("managed policy size: 6,144 characters without whitespace (CreatePolicy, CreatePolicyVersion)", async () => {
    const fits = spacedOut(managedOfSize(6144));
    expect(fits.length).toBeGreaterThan(6144);
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: "Largest", PolicyDocument: fits }))).Policy!.Arn!;
    expect(await limitExceeded(iam.send(new CreatePolicyCommand({ PolicyName: "TooLarge", PolicyDocument: managedOfSize(6145) })))).toBe("Cannot exceed quota for PolicySize: 6144");
    expect((await failure(iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/TooLarge` })))).name).toBe("NoSuchEntityException");
    expect(await limitExceeded(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: managedOfSize(6145), SetAsDefault: true })))).toBe("Cannot exceed quota for PolicySize: 6144");
    expect((await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions?.map((v) => v.VersionId)).toEqual(["v1"]);
  });

  test("role trust policy length: 2,048 characters without whitespace (CreateRole, UpdateAssumeRolePolicy)", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "LongTrust", AssumeRolePolicyDocument: spacedOut(trustOfSize(2048)) }));
    expect(await limitExceeded(iam.send(new CreateRoleCommand({ RoleName: "TooLongTrust", AssumeRolePolicyDocument: trustOfSize(2049) })))).toBe("Cannot exceed quota for ACLSizePerRole: 2048");
    expect((await failure(iam.send(new GetRoleCommand({ RoleName: "TooLongTrust" })))).name).toBe("NoSuchEntityException");
    expect(await limitExceeded(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "LongTrust", PolicyDocument: trustOfSize(2049) })))).toBe("Cannot exceed quota for ACLSizePerRole: 2048");
    expect(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: "LongTrust" }))).Role!.AssumeRolePolicyDocument!)).toBe(spacedOut(trustOfSize(2048)));
  });

  const INLINE = {
    user: { limit: 2048, create: ATTACH.user.create, put: (name: string, p: string, doc: string) => iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: p, PolicyDocument: doc })) },
    group: { limit: 5120, create: ATTACH.group.create, put: (name: string, p: string, doc: string) => iam.send(new PutGroupPolicyCommand({ GroupName: name, PolicyName: p, PolicyDocument: doc })) },
    role: { limit: 10240, create: ATTACH.role.create, put: (name: string, p: string, doc: string) => iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: p, PolicyDocument: doc })) },
  } as const;

  test.each(Object.keys(INLINE) as (keyof typeof INLINE)[])("inline policies of a %s: an aggregate size without whitespace", async (kind) => {
    const { limit, create, put } = INLINE[kind];
    const name = `inline-${kind}`;
    await create(name);
    await put(name, "first", spacedOut(managedOfSize(limit - 1000)));
    const message = `Maximum policy size of ${limit} bytes exceeded for ${kind} ${name}`;
    expect(await limitExceeded(put(name, "second", managedOfSize(1001)))).toBe(message);
    // A single document alone over the quota is refused the same way.
    expect(await limitExceeded(put(name, "first", managedOfSize(limit + 1)))).toBe(message);
    await put(name, "second", managedOfSize(1000));
    // At the quota exactly, replacing a policy counts the new document instead of the old one.
    await put(name, "first", managedOfSize(limit - 1000));
    expect(await limitExceeded(put(name, "first", managedOfSize(limit - 999)))).toBe(message);
  });

  test("inline policy refused for its size leaves the previous document", async () => {
    await iam.send(new CreateUserCommand({ UserName: "keeps-inline" }));
    await iam.send(new PutUserPolicyCommand({ UserName: "keeps-inline", PolicyName: "p", PolicyDocument: readEc2 }));
    await limitExceeded(iam.send(new PutUserPolicyCommand({ UserName: "keeps-inline", PolicyName: "p", PolicyDocument: managedOfSize(2049) })));
    expect(decodeURIComponent((await iam.send(new GetUserPolicyCommand({ UserName: "keeps-inline", PolicyName: "p" }))).PolicyDocument!)).toBe(readEc2);
  });

  test("tags per resource: 50", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "Tagged", AssumeRolePolicyDocument: trust }));
    const tags = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${from + i}`, Value: "v" }));
    await iam.send(new TagRoleCommand({ RoleName: "Tagged", Tags: tags(1, 50) }));
    expect(await limitExceeded(iam.send(new TagRoleCommand({ RoleName: "Tagged", Tags: tags(51, 1) })))).toBe("Cannot exceed quota for TagsPerResource: 50");
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: "Tagged" }))).Tags).toHaveLength(50);
  });
});

describe("raising a quota, as Service Quotas would", () => {
  test("raised managed policies per user (20) and per role (25) allow more, up to the new value", async () => {
    await sandbox.control.setQuotas({ managedPoliciesPerUser: 20, managedPoliciesPerRole: 25 });
    for (const [kind, raised] of [["user", 20], ["role", 25]] as const) {
      const e = ATTACH[kind];
      const name = `raised-${kind}`;
      await e.create(name);
      for (let i = 1; i <= raised; i++) await e.attach(name, policyArn(i));
      expect(await limitExceeded(e.attach(name, policyArn(raised + 1)))).toBe(`Cannot exceed quota for ${e.awsKey}: ${raised}`);
      expect(await e.attached(name)).toHaveLength(raised);
    }
  });

  test("a raised role trust policy length (4,096) over the HTTP control API", async () => {
    const raised = await control("PUT", { roleTrustPolicyLength: 4096 });
    expect(raised.status).toBe(200);
    expect(raised.body.roleTrustPolicyLength).toEqual({ value: 4096, default: 2048, maximum: 4096, awsName: "Role trust policy length", quotaCode: "L-C07B4B0D" });
    await iam.send(new CreateRoleCommand({ RoleName: "LongerTrust", AssumeRolePolicyDocument: trustOfSize(4096) }));
    expect(await limitExceeded(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "LongerTrust", PolicyDocument: trustOfSize(4097) })))).toBe("Cannot exceed quota for ACLSizePerRole: 4096");
  });

  test("a raise beyond AWS's maximum is refused, whole, in process and over HTTP", async () => {
    const before = await values();
    for (const [name, value] of [["managedPoliciesPerUser", 21], ["managedPoliciesPerRole", 26], ["managedPoliciesPerGroup", 11], ["groupsPerUser", 11], ["versionsPerPolicy", 6], ["accessKeysPerUser", 3], ["managedPolicySize", 6145], ["roleTrustPolicyLength", 4097]] as const) {
      await expect(sandbox.control.setQuotas({ [name]: value })).rejects.toThrow(`${name}: ${value} refused`);
      const refused = await control("PUT", { [name]: value });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toContain(`${name}: ${value} refused`);
    }
    // One refused value refuses the others sent with it.
    const mixed = await control("PUT", { managedPoliciesPerUser: 15, managedPoliciesPerGroup: 20 });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error).toMatch(/managedPoliciesPerGroup: 20 refused: AWS does not raise "Managed policies per group" above 10/);
    for (const bad of [{ unknownQuota: 3 }, { managedPoliciesPerUser: 0 }, { managedPoliciesPerUser: 2.5 }, { managedPoliciesPerUser: "20" }]) {
      expect((await control("PUT", bad)).status).toBe(400);
    }
    expect(await values()).toEqual(before);
    // The refused raise left the user at the default.
    await ATTACH.user.create("still-ten");
    for (let i = 1; i <= 10; i++) await ATTACH.user.attach("still-ten", policyArn(i));
    expect(await limitExceeded(ATTACH.user.attach("still-ten", policyArn(11)))).toBe("Cannot exceed quota for PoliciesPerUser: 10");
  });

  test("the table: every quota shows its value, AWS's default and maximum; reset() keeps quotas, DELETE restores the start values", async () => {
    const listed = await control("GET");
    expect(Object.keys(listed.body).sort()).toEqual(Object.keys(IAM_QUOTAS).sort());
    for (const [name, spec] of Object.entries(IAM_QUOTAS)) {
      expect(listed.body[name]).toMatchObject({ value: spec.default, default: spec.default, maximum: spec.maximum, awsName: spec.awsName });
    }
    expect(listed.body.managedPoliciesPerGroup).toMatchObject({ default: 10, maximum: 10 });
    await sandbox.control.setQuotas({ managedPoliciesPerUser: 20 });
    await sandbox.control.reset();
    expect((await values()).managedPoliciesPerUser).toBe(20);
    const restored = await control("DELETE");
    expect(restored.status).toBe(200);
    expect((restored.body.managedPoliciesPerUser as { value: number }).value).toBe(10);
  });
});

describe("lowered quotas, to test overflow with a few entities", () => {
  test("startSandbox({ quotas }) applies from the first call; lowering below what is held keeps it and refuses more", async () => {
    const small = await startSandbox({ https: false, quotas: { managedPoliciesPerUser: 2, managedPoliciesPerGroup: 2, groupsPerUser: 1 } });
    try {
      const smallIam = clientsFor(small, small.home, { maxAttempts: 1 }).iam;
      const own = (i: number) => `arn:aws:iam::${small.home.accountId}:policy/Small${i}`;
      for (let i = 1; i <= 3; i++) await smallIam.send(new CreatePolicyCommand({ PolicyName: `Small${i}`, PolicyDocument: readEc2 }));
      await smallIam.send(new CreateUserCommand({ UserName: "collector" }));
      await smallIam.send(new CreateGroupCommand({ GroupName: "overflow-1" }));
      await smallIam.send(new CreateGroupCommand({ GroupName: "overflow-2" }));
      for (const i of [1, 2]) {
        await smallIam.send(new AttachUserPolicyCommand({ UserName: "collector", PolicyArn: own(i) }));
        await smallIam.send(new AttachGroupPolicyCommand({ GroupName: "overflow-1", PolicyArn: own(i) }));
      }
      expect(await limitExceeded(smallIam.send(new AttachUserPolicyCommand({ UserName: "collector", PolicyArn: own(3) })))).toBe("Cannot exceed quota for PoliciesPerUser: 2");
      expect(await limitExceeded(smallIam.send(new AttachGroupPolicyCommand({ GroupName: "overflow-1", PolicyArn: own(3) })))).toBe("Cannot exceed quota for PoliciesPerGroup: 2");
      await smallIam.send(new AddUserToGroupCommand({ UserName: "collector", GroupName: "overflow-1" }));
      expect(await limitExceeded(smallIam.send(new AddUserToGroupCommand({ UserName: "collector", GroupName: "overflow-2" })))).toBe("Cannot exceed quota for GroupsPerUser: 1");

      await small.control.setQuotas({ managedPoliciesPerUser: 1 });
      expect((await smallIam.send(new ListAttachedUserPoliciesCommand({ UserName: "collector" }))).AttachedPolicies).toHaveLength(2);
      expect(await limitExceeded(smallIam.send(new AttachUserPolicyCommand({ UserName: "collector", PolicyArn: own(3) })))).toBe("Cannot exceed quota for PoliciesPerUser: 1");
      // resetQuotas goes back to the values the sandbox started with, not to AWS's defaults.
      await small.control.resetQuotas();
      expect(Object.values(await small.control.getQuotas()).filter((q) => q.value !== q.default).length).toBe(3);
      expect((await small.control.getQuotas()).managedPoliciesPerUser.value).toBe(2);
    } finally {
      await small.stop();
    }
  });

  test("startSandbox refuses quotas beyond AWS's maximum before it listens", async () => {
    await expect(startSandbox({ https: false, quotas: { managedPoliciesPerGroup: 20 } })).rejects.toThrow(/managedPoliciesPerGroup: 20 refused/);
  });
});
