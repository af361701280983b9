import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreatePolicyVersionCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { createProxy } from "proxy";
import type { Sandbox } from "@/sandbox";
import type { AccessModel, PolicyDocument } from "@/lib/model/types";
import { buildReadRolesPolicies, policyArn, READ_ROLES_ACTIONS } from "@/lib/policies";
import type { AwsClients, StaticCredentials } from "../clients";
import { createAccessKey } from "../operations/create-access-key";
import { runRollout } from "../rollout";
import { adminClients, EXTERNAL_ID, HOME, REGIONS, resetSandbox, sandboxConnection, startSandboxHome, TARGETS, testModel, type SandboxHome } from "../test-support";
import { runConnectionTest, type ConnectionTestInput } from "./index";

let world: SandboxHome;
let sb: Sandbox;
let home: AwsClients;
let homeAdmin: AwsClients;
let model: AccessModel;
let collector: StaticCredentials;

const PROXY_USER = "beacon";
const PROXY_PASSWORD = "s3cret:p@ss/word";
const proxyServer = createProxy(http.createServer());
proxyServer.authenticate = (req) => req.headers["proxy-authorization"] === `Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString("base64")}`;
let proxied = 0;
proxyServer.on("request", () => proxied++);
proxyServer.on("connect", () => proxied++);
let proxyAddress = "";

async function setUp(): Promise<void> {
  await resetSandbox(sb);
  model = testModel();
  const result = await runRollout(model, { home, targets: { kind: "assume" } }, { propagation: { windowMs: 3000, initialDelayMs: 20 } });
  expect(result.failedAccounts).toEqual([]);
  const key = await createAccessKey(home, { userName: model.names.user, waitUntilUsable: { windowMs: 3000, initialDelayMs: 20 } });
  if (key.status !== "created") throw new Error(key.reason);
  collector = key.credentials;
  await sb.control.clearRequests();
}

beforeAll(async () => {
  world = await startSandboxHome({ https: true });
  ({ sb, home, homeAdmin } = world);
  await new Promise<void>((r) => proxyServer.listen(0, "127.0.0.1", r));
  proxyAddress = `http://127.0.0.1:${(proxyServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  proxyServer.closeAllConnections();
  await new Promise((r) => proxyServer.close(r));
  await world.stop();
});
beforeEach(async () => {
  await setUp();
  proxied = 0;
});

const input = (extra: Partial<ConnectionTestInput> = {}): ConnectionTestInput => ({
  credentials: collector,
  externalId: EXTERNAL_ID,
  regions: REGIONS,
  connection: sandboxConnection(sb),
  expectedAccountIds: TARGETS,
  ...extra,
});

/** Replace the read-roles policy's default version (as an admin would, by hand). */
async function setReadRolesDocument(doc: PolicyDocument): Promise<void> {
  const arn = policyArn(HOME, "/", model.names.readRolesPolicy);
  await homeAdmin.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(doc), SetAsDefault: true }));
}

/** What the fixture holds, per account and region: the ground truth for the inventory counts. */
function fixtureInventory(accountId: string, region: string) {
  const fixture = JSON.parse(readFileSync(new URL("../../../sandbox/fixtures/default-organization.json", import.meta.url), "utf8")) as {
    accounts: { accountId: string; ec2Instances?: { region: string }[]; dedicatedHosts?: { region: string }[]; reservedInstances?: { region: string }[]; dbInstances?: { region: string; engine: string }[] }[];
  };
  const a = fixture.accounts.find((x) => x.accountId === accountId)!;
  const inRegion = <T extends { region: string }>(xs: T[] | undefined) => (xs ?? []).filter((x) => x.region === region);
  return {
    region,
    instances: inRegion(a.ec2Instances).length,
    hosts: inRegion(a.dedicatedHosts).length,
    reservedInstances: inRegion(a.reservedInstances).length,
    oracleDbInstances: inRegion(a.dbInstances).filter((d) => d.engine.startsWith("oracle")).length,
  };
}

describe("connection test against the sandbox", () => {
  it("passes for a correct setup and reports what the beacon will see", async () => {
    const result = await runConnectionTest(input());
    expect(result.checks.filter((c) => c.status !== "passed")).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.user?.name).toBe(model.names.user);
    expect(result.accounts.map((a) => a.accountId)).toEqual(TARGETS);
    for (const a of result.accounts) {
      expect(a.status).toBe("passed");
      expect(a.inventory).toEqual(REGIONS.map((r) => fixtureInventory(a.accountId, r)));
    }
    expect(result.accounts.find((a) => a.accountId === "222222222222")?.alias).toBe("acme-production");
    // The beacon's calls only: 1 + 1 + 2 per user and policy; per account AssumeRole, ListAccountAliases, 4 per region.
    expect(result.calls).toBe(5 + TARGETS.length * (2 + 4 * REGIONS.length));
    const log = await sb.control.requests({ principalArn: `arn:aws:iam::${HOME}:user/${model.names.user}` });
    expect(new Set(log.map((r) => `${r.service}:${r.action}`))).toEqual(
      new Set(["iam:GetUser", "iam:ListAttachedUserPolicies", "iam:ListGroupsForUser", "iam:GetPolicy", "iam:GetPolicyVersion", "sts:AssumeRole"]),
    );
  });

  it("flags a wildcard role ARN: the beacon discovers no account from it", async () => {
    await setReadRolesDocument({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: [...READ_ROLES_ACTIONS], Resource: "*" },
        { Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::*:role/${model.names.role}` },
      ],
    });
    const result = await runConnectionTest(input());
    expect(result.ok).toBe(false);
    const wildcard = result.checks.find((c) => c.check === "assume-role-resources" && c.code === "WildcardResource");
    expect(wildcard?.status).toBe("failed");
    expect(wildcard?.cause).toContain(`arn:aws:iam::*:role/${model.names.role}`);
    expect(wildcard?.procedureStep).toBe(3);
    expect(result.accounts).toEqual([]);
    expect(result.missingAccounts).toEqual(TARGETS);
  });

  it("explains that an inline read-roles policy is ignored by the beacon", async () => {
    const doc = buildReadRolesPolicies(model)[0]!.document;
    await homeAdmin.iam.send(new PutUserPolicyCommand({ UserName: model.names.user, PolicyName: "ReadRolesInline", PolicyDocument: JSON.stringify(doc) }));
    await homeAdmin.iam.send(new DetachUserPolicyCommand({ UserName: model.names.user, PolicyArn: policyArn(HOME, "/", model.names.readRolesPolicy) }));
    const result = await runConnectionTest(input({ newKeyPropagation: { windowMs: 2000, initialDelayMs: 20 } }));
    expect(result.checks.find((c) => c.check === "iam:GetUser")?.status).toBe("passed");
    const none = result.checks.find((c) => c.check === "assume-role-resources");
    expect(none).toMatchObject({ status: "failed", code: "NoRoleArns", procedureStep: 6 });
    expect(none?.cause).toMatch(/inline/i);
    expect(result.accounts).toEqual([]);
  });

  it("fails a group without iam:ListAttachedGroupPolicies with the procedure's warning", async () => {
    await homeAdmin.iam.send(new CreateGroupCommand({ GroupName: "inventory-readers" }));
    await homeAdmin.iam.send(new AddUserToGroupCommand({ GroupName: "inventory-readers", UserName: model.names.user }));
    const doc = buildReadRolesPolicies(model)[0]!.document;
    await setReadRolesDocument({
      ...doc,
      Statement: doc.Statement.map((s) => (s.Action === "sts:AssumeRole" ? s : { ...s, Action: READ_ROLES_ACTIONS.filter((a) => a !== "iam:ListAttachedGroupPolicies") })),
    });
    const result = await runConnectionTest(input({ newKeyPropagation: { windowMs: 2000, initialDelayMs: 20 } }));
    const check = result.checks.find((c) => c.check === "iam:ListAttachedGroupPolicies");
    expect(check).toMatchObject({ status: "failed", code: "AccessDenied", subject: "inventory-readers", procedureStep: 3 });
    expect(check?.cause).toMatch(/no inventory can be collected/);
    expect(result.ok).toBe(false);
  });

  it("reports a wrong external ID on every role, and names it when it may look at the roles", async () => {
    const plain = await runConnectionTest(input({ externalId: "not-the-right-external-id" }));
    expect(plain.ok).toBe(false);
    for (const a of plain.accounts) {
      const assume = a.checks.find((c) => c.check === "sts:AssumeRole");
      expect(assume).toMatchObject({ status: "failed", code: "AccessDenied" });
      expect(assume?.cause).toMatch(/external ID/);
      expect(assume?.cause).toMatch(/trust policy/);
      expect(a.checks.filter((c) => c.status === "skipped").length).toBe(1 + 4 * REGIONS.length);
    }
    const diagnosed = await runConnectionTest(input({ externalId: "not-the-right-external-id", diagnose: { home, homeAccountId: HOME, access: { targets: { kind: "assume" } } } }));
    for (const a of diagnosed.accounts) {
      const assume = a.checks.find((c) => c.check === "sts:AssumeRole");
      expect(assume?.code).toBe("AccessDenied:external-id-mismatch");
      expect(assume?.procedureStep).toBe(8);
    }
  });

  it("reports a missing role in one account and still tests the others", async () => {
    const admin333 = adminClients(sb, "333333333333");
    try {
      await admin333.iam.send(new DetachRolePolicyCommand({ RoleName: model.names.role, PolicyArn: policyArn("333333333333", "/", model.names.inventoryPolicy) }));
      await admin333.iam.send(new DeleteRoleCommand({ RoleName: model.names.role }));
    } finally {
      admin333.destroy();
    }
    const result = await runConnectionTest(input({ diagnose: { home, homeAccountId: HOME, access: { targets: { kind: "assume" } } } }));
    const bad = result.accounts.find((a) => a.accountId === "333333333333");
    expect(bad?.status).toBe("failed");
    expect(bad?.checks.find((c) => c.check === "sts:AssumeRole")?.code).toBe("AccessDenied:role-missing");
    expect(result.accounts.filter((a) => a.status === "passed").map((a) => a.accountId)).toEqual(["222222222222", "444444444444"]);
  });

  it("waits for a brand-new key to propagate", async () => {
    await sb.control.setFaults({ propagationDelayMs: 300 });
    const key = await createAccessKey(home, { userName: model.names.user });
    if (key.status !== "created") throw new Error(key.reason);
    const result = await runConnectionTest(input({ credentials: key.credentials, newKeyPropagation: { windowMs: 5000, initialDelayMs: 50 } }));
    expect(result.checks.find((c) => c.check === "iam:GetUser")?.status).toBe("passed");
    expect((await sb.control.requests({ action: "GetUser", outcome: "InvalidClientTokenId" })).length).toBeGreaterThan(0);
  });

  it("goes through an authenticating proxy over HTTP and HTTPS", async () => {
    const viaProxy = { proxy: { server: proxyAddress, username: PROXY_USER, password: PROXY_PASSWORD } };
    const overHttp = await runConnectionTest(input({ connection: sandboxConnection(sb, viaProxy) }));
    expect(overHttp.ok).toBe(true);
    expect(proxied).toBeGreaterThan(0);
    // HTTPS: the CA must reach the tunnelled hop; a host name, because the certificate is for localhost.
    const httpsEndpoint = sb.httpsEndpoint!.replace("127.0.0.1", "localhost");
    const caPem = readFileSync(sb.caFile!, "utf8");
    const overHttps = await runConnectionTest(input({ connection: sandboxConnection(sb, { ...viaProxy, endpoint: httpsEndpoint, caPem }) }));
    expect(overHttps.checks.filter((c) => c.status !== "passed")).toEqual([]);
    expect(overHttps.ok).toBe(true);
  });

  it("says clearly when the proxy password is wrong", async () => {
    const wrong = "wrong-proxy-password-123";
    const result = await runConnectionTest(input({ connection: sandboxConnection(sb, { retry: { maxAttempts: 1 }, proxy: { server: proxyAddress, username: PROXY_USER, password: wrong } }) }));
    const getUser = result.checks.find((c) => c.check === "iam:GetUser");
    expect(getUser?.status).toBe("failed");
    expect(getUser?.cause).toMatch(/proxy/i);
    expect(getUser?.fix).toMatch(/proxy username and password/);
    expect(getUser?.procedureStep).toBe(8);
    expect(JSON.stringify(result)).not.toContain(wrong);
  });
});

describe("a failed inventory call (issue #14)", () => {
  it("leaves its count unknown, not 0, and names the call and HTTP status", async () => {
    await sb.control.setFaults({ script: [{ action: "ec2:DescribeReservedInstances", nth: 1, count: 1000, accountId: "222222222222", error: { code: "InternalError", message: "We encountered an internal error.", status: 500 } }] });
    const result = await runConnectionTest(input());
    await sb.control.clearFaults();
    const account = result.accounts.find((a) => a.accountId === "222222222222")!;
    expect(account.inventory.map((r) => [r.region, r.reservedInstances])).toEqual(REGIONS.map((region) => [region, null]));
    expect(account.inventory.map((r) => r.instances)).toEqual(REGIONS.map((region) => fixtureInventory("222222222222", region).instances));
    const failed = account.checks.find((c) => c.check === "ec2:DescribeReservedInstances" && c.status === "failed")!;
    expect(failed.cause).toContain("ec2:DescribeReservedInstances");
    expect(failed.cause).toContain("HTTP 500");
    expect(failed.fix).toMatch(/may not support ec2:DescribeReservedInstances/);
  });
});
