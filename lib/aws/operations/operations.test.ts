import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  GetAccessKeyLastUsedCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListAccessKeysCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import type { Sandbox } from "@/sandbox";
import { buildInventoryPolicy, policyArn } from "@/lib/policies";
import { createAwsClients, type AwsClients } from "../clients";
import { adminClients, HOME, resetSandbox, startSandboxHome, testModel, type SandboxHome } from "../test-support";
import { runRollout, type RolloutEvent } from "../rollout";
import { verifySetup } from "../verify";
import { createAccessKey } from "./create-access-key";
import { discoverAccounts } from "./discover-accounts";
import { ensureManagedPolicy } from "./ensure-managed-policy";
import { ensureUser } from "./ensure-user";

let sb: Sandbox;
let home: AwsClients;
let homeAdmin: AwsClients;

let world: SandboxHome;

beforeAll(async () => {
  world = await startSandboxHome();
  ({ sb, home, homeAdmin } = world);
});
afterAll(() => world.stop());
beforeEach(() => resetSandbox(sb));

describe("ensureUser", () => {
  it("attaches the managed policy and reports, without removing, inline policies, other attachments and groups", async () => {
    const iam = homeAdmin.iam;
    const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:GetUser", Resource: "*" }] });
    await iam.send(new CreateUserCommand({ UserName: "FNMSUser" }));
    await iam.send(new PutUserPolicyCommand({ UserName: "FNMSUser", PolicyName: "OldInline", PolicyDocument: doc }));
    await iam.send(new CreatePolicyCommand({ PolicyName: "ReadRolesForFNMS", PolicyDocument: doc }));
    await iam.send(new CreatePolicyCommand({ PolicyName: "SomethingElse", PolicyDocument: doc }));
    await iam.send(new AttachUserPolicyCommand({ UserName: "FNMSUser", PolicyArn: policyArn(HOME, "/", "SomethingElse") }));
    await iam.send(new CreateGroupCommand({ GroupName: "ops" }));
    await iam.send(new AddUserToGroupCommand({ GroupName: "ops", UserName: "FNMSUser" }));

    const wanted = policyArn(HOME, "/", "ReadRolesForFNMS");
    const r = await ensureUser(home.iam, { accountId: HOME, name: "FNMSUser", policyArns: [wanted] });
    expect(r.outcome).toBe("updated");
    expect(r.findings.join("\n")).toMatch(/inline policy OldInline/);
    expect(r.findings.join("\n")).toMatch(/SomethingElse \(left alone\)/);
    expect(r.findings.join("\n")).toMatch(/group ops/);
    const again = await ensureUser(home.iam, { accountId: HOME, name: "FNMSUser", policyArns: [wanted] });
    expect(again.outcome).toBe("unchanged");
    // Still there: reported, not removed.
    expect(again.findings.join("\n")).toMatch(/inline policy OldInline/);
  });
});

describe("createAccessKey", () => {
  it("refuses a third key and suggests the inactive one to retire", async () => {
    await homeAdmin.iam.send(new CreateUserCommand({ UserName: "FNMSUser" }));
    const first = await createAccessKey(home, { userName: "FNMSUser" });
    const second = await createAccessKey(home, { userName: "FNMSUser" });
    if (first.status !== "created" || second.status !== "created") throw new Error("setup");
    await homeAdmin.iam.send(new UpdateAccessKeyCommand({ UserName: "FNMSUser", AccessKeyId: second.credentials.accessKeyId, Status: "Inactive" }));
    const third = await createAccessKey(home, { userName: "FNMSUser" });
    expect(third.status).toBe("refused");
    if (third.status !== "refused") return;
    expect(third.keys.map((k) => k.accessKeyId).sort()).toEqual([first.credentials.accessKeyId, second.credentials.accessKeyId].sort());
    expect(third.retireSuggestion).toBe(second.credentials.accessKeyId);
    expect(third.reason).toMatch(/already has 2 access keys/);
    expect(JSON.stringify(third)).not.toContain(first.credentials.secretAccessKey);
  });
});

describe("discoverAccounts", () => {
  it("lists the organization's accounts from the management account, and says why not from a member", async () => {
    const fromManagement = await discoverAccounts(home);
    expect(fromManagement.available).toBe(true);
    if (fromManagement.available) {
      expect(fromManagement.accounts.map((a) => a.accountId)).toEqual(["111111111111", "222222222222", "333333333333", "444444444444"]);
      expect(fromManagement.managementAccountId).toBe("111111111111");
    }
    const member = adminClients(sb, "222222222222");
    try {
      const fromMember = await discoverAccounts(member);
      expect(fromMember.available).toBe(false);
      if (!fromMember.available) expect(fromMember.reason).toMatch(/organization/i);
    } finally {
      member.destroy();
    }
  });
});

describe("verifySetup", () => {
  it("reads what exists and lints it: missing pieces first, then a clean bill after the rollout", async () => {
    const model = testModel({ targetAccountIds: ["222222222222", "333333333333"] });
    const before = await verifySetup(model, { home, access: { targets: { kind: "assume" } } });
    expect(before.ok).toBe(false);
    expect(before.observed.home.user).toBeNull();
    expect(before.observed.targets.map((t) => t.role)).toEqual([null, null]);

    await runRollout(model, { home, targets: { kind: "assume" } }, { propagation: { windowMs: 3000, initialDelayMs: 20 } });
    await createAccessKey(home, { userName: model.names.user });
    const after = await verifySetup(model, { home, access: { targets: { kind: "assume" } } });
    expect(after.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(after.ok).toBe(true);
    expect(after.observed.targets.every((t) => t.role?.attachedPolicies.some((p) => p.name === model.names.inventoryPolicy))).toBe(true);
  });

  it("reads targets with per-account credentials, and marks an unreadable one without failing the rest", async () => {
    const model = testModel({ targetAccountIds: ["222222222222", "333333333333"] });
    const admin222 = sb.accounts.find((a) => a.accountId === "222222222222")!;
    const result = await verifySetup(model, {
      home,
      access: {
        targets: { kind: "credentials", credentials: { accessKeyId: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: "x".repeat(40) } },
        overrides: { "222222222222": { kind: "credentials", credentials: { accessKeyId: admin222.accessKeyId, secretAccessKey: admin222.secretAccessKey } } },
      },
    });
    const t222 = result.observed.targets.find((t) => t.accountId === "222222222222");
    const t333 = result.observed.targets.find((t) => t.accountId === "333333333333");
    expect(t222?.readError).toBeUndefined();
    expect(t333?.readError?.code).toBe("InvalidClientTokenId");
    expect(t333?.readError?.message).not.toContain("x".repeat(40));
  });
});

describe("secrets", () => {
  it("never appear in rollout events or results", async () => {
    const model = testModel();
    const events: RolloutEvent[] = [];
    // A failure path too: one account with wrong per-account credentials.
    const result = await runRollout(
      model,
      { home, targets: { kind: "assume" }, overrides: { "444444444444": { kind: "credentials", credentials: { accessKeyId: "AKIAWRONGWRONGWRONG0", secretAccessKey: "plantedSecretValueThatMustNeverShow0000" } } } },
      { onEvent: (e) => events.push(e), propagation: { windowMs: 3000, initialDelayMs: 20 } },
    );
    expect(result.failedAccounts).toEqual(["444444444444"]);
    const text = JSON.stringify(events) + JSON.stringify(result);
    for (const secret of [sb.home.secretAccessKey, "plantedSecretValueThatMustNeverShow0000", ...sb.accounts.map((a) => a.secretAccessKey)]) expect(text).not.toContain(secret);
  });
});

describe("ensureManagedPolicy (mocked IAM)", () => {
  it("converges on a policy created concurrently by someone else", async () => {
    const model = testModel();
    const document = buildInventoryPolicy(model, "222222222222");
    // Tests may build a bare client: this one never sends anything, the mock answers.
    const iam = new IAMClient({ region: "us-east-1", credentials: { accessKeyId: "AKIAMOCKMOCKMOCKMOCK", secretAccessKey: "m".repeat(40) } });
    const mock = mockClient(iam);
    const notFound = Object.assign(new Error("not found"), { name: "NoSuchEntityException", Code: "NoSuchEntity" });
    const exists = Object.assign(new Error("exists"), { name: "EntityAlreadyExistsException", Code: "EntityAlreadyExists" });
    mock.on(GetPolicyCommand).rejectsOnce(notFound).resolves({ Policy: { DefaultVersionId: "v1" } });
    mock.on(CreatePolicyCommand).rejects(exists);
    mock.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { VersionId: "v1", Document: encodeURIComponent(JSON.stringify(document)) } });
    const r = await ensureManagedPolicy(iam, { accountId: "222222222222", name: "ListInventoryForFNMS", path: "/", document });
    expect(r.outcome).toBe("unchanged");
    expect(mock.commandCalls(CreatePolicyCommand)).toHaveLength(1);
    expect(mock.commandCalls(GetPolicyCommand)).toHaveLength(2);
  });
});

describe("createAccessKey: which key to retire (mocked IAM, issue #14)", () => {
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  /** Two active keys; `lastUsed` per key id (absent: AWS says never used). */
  function twoKeys(lastUsed: Record<string, string>) {
    const clients = createAwsClients({ region: "us-east-1", credentials: { accessKeyId: "AKIAMOCKMOCKMOCKMOCK", secretAccessKey: "m".repeat(40) } });
    const mock = mockClient(clients.iam);
    mock.on(ListAccessKeysCommand).resolves({
      AccessKeyMetadata: [
        { AccessKeyId: "AKIAOLDERKEY00000001", Status: "Active", CreateDate: day("2026-01-01") },
        { AccessKeyId: "AKIANEWERKEY00000002", Status: "Active", CreateDate: day("2026-06-01") },
      ],
    });
    for (const id of ["AKIAOLDERKEY00000001", "AKIANEWERKEY00000002"]) {
      mock.on(GetAccessKeyLastUsedCommand, { AccessKeyId: id }).resolves({ UserName: "FNMSUser", AccessKeyLastUsed: lastUsed[id] ? { LastUsedDate: day(lastUsed[id]), ServiceName: "sts", Region: "us-east-1" } : { ServiceName: "N/A", Region: "N/A" } });
    }
    return clients;
  }

  it("suggests a never-used key first, whatever the creation dates", async () => {
    const clients = twoKeys({ "AKIAOLDERKEY00000001": "2026-03-01" });
    try {
      const r = await createAccessKey(clients, { userName: "FNMSUser" });
      expect(r.status === "refused" && r.retireSuggestion).toBe("AKIANEWERKEY00000002");
    } finally {
      clients.destroy();
    }
  });

  it("never suggests a key used in the last scheduled test (the key the beacon uses)", async () => {
    // AWS's last-used data lags: the beacon's key looks least recently used.
    const clients = twoKeys({ "AKIAOLDERKEY00000001": "2026-03-01", "AKIANEWERKEY00000002": "2026-11-01" });
    try {
      const r = await createAccessKey(clients, { userName: "FNMSUser", inUse: ["AKIAOLDERKEY00000001"] });
      expect(r.status === "refused" && r.retireSuggestion).toBe("AKIANEWERKEY00000002");
    } finally {
      clients.destroy();
    }
  });
});
