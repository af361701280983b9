/**
 * Faults and observability through the control API (in-process and HTTP), observed with the
 * real SDK v3 clients: latency, throttling recovered by the SDK's standard retries, scripted
 * failures, the request log, state dump and reset.
 */
import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { CreateRoleCommand, GetRoleCommand, ListUsersCommand } from "@aws-sdk/client-iam";
import { ListAccountsCommand } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { startSandbox, type Sandbox } from "./index";
import { adminOf, clientsFor, failure, policy } from "./testing";

let sandbox: Sandbox;
const PROD = "222222222222";

beforeAll(async () => {
  sandbox = await startSandbox({ https: false });
});
afterEach(async () => {
  await sandbox.control.clearFaults();
  await sandbox.control.clearRequests();
  await sandbox.control.reset();
});
afterAll(async () => {
  await sandbox.stop();
});

describe("latency", () => {
  test("fixed latency, and per-action rules overriding it", async () => {
    await sandbox.control.setFaults({ latencyMs: 120, latency: [{ action: "sts:GetCallerIdentity", latencyMs: 0 }] });
    const { iam, sts } = clientsFor(sandbox, sandbox.home);
    let started = performance.now();
    await iam.send(new ListUsersCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    started = performance.now();
    await sts.send(new GetCallerIdentityCommand({}));
    expect(performance.now() - started).toBeLessThan(100);
  });

  test("concurrent calls wait in parallel, not in series", async () => {
    await sandbox.control.setFaults({ latencyMs: 100, jitterMs: 20 });
    const { ec2 } = clientsFor(sandbox, adminOf(sandbox, PROD));
    const started = performance.now();
    await Promise.all(Array.from({ length: 20 }, () => ec2.send(new DescribeInstancesCommand({}))));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(600);
  });
});

describe("throttling", () => {
  test("the token bucket answers Throttling (400, Rate exceeded) per account and API", async () => {
    await sandbox.control.setFaults({ throttle: { ratePerSecond: 1, burst: 2, services: ["iam"] } });
    const iam = clientsFor(sandbox, sandbox.home, { maxAttempts: 1 }).iam;
    await iam.send(new ListUsersCommand({}));
    await iam.send(new ListUsersCommand({}));
    const error = await failure(iam.send(new ListUsersCommand({})));
    expect([error.name, error.message, error.$metadata?.httpStatusCode]).toEqual(["Throttling", "Rate exceeded", 400]);
    // Another API and another account have their own buckets; other services are not throttled.
    await iam.send(new GetRoleCommand({ RoleName: "OrganizationAccountAccessRole" })).catch((e: Error) => expect(e.name).toBe("NoSuchEntityException"));
    await clientsFor(sandbox, adminOf(sandbox, PROD), { maxAttempts: 1 }).iam.send(new ListUsersCommand({}));
    await clientsFor(sandbox, sandbox.home, { maxAttempts: 1 }).sts.send(new GetCallerIdentityCommand({}));
    const ec2Throttle = await startSandbox({ https: false, faults: { throttle: { ratePerSecond: 1, burst: 1 } } });
    try {
      const ec2 = clientsFor(ec2Throttle, ec2Throttle.home, { maxAttempts: 1 }).ec2;
      await ec2.send(new DescribeInstancesCommand({}));
      const ec2Error = await failure(ec2.send(new DescribeInstancesCommand({})));
      expect([ec2Error.name, ec2Error.$metadata?.httpStatusCode]).toEqual(["RequestLimitExceeded", 503]);
      const org = clientsFor(ec2Throttle, ec2Throttle.home, { maxAttempts: 1 }).organizations;
      await org.send(new ListAccountsCommand({}));
      const orgError = await failure(org.send(new ListAccountsCommand({})));
      expect([orgError.name, orgError.$metadata?.httpStatusCode]).toEqual(["TooManyRequestsException", 429]);
    } finally {
      await ec2Throttle.stop();
    }
  });

  test("the SDK's standard retries recover from throttling", async () => {
    await sandbox.control.setFaults({ throttle: { ratePerSecond: 10, burst: 1, accounts: [PROD] } });
    const ec2 = clientsFor(sandbox, adminOf(sandbox, PROD), { maxAttempts: 8 }).ec2;
    const results = await Promise.all(Array.from({ length: 4 }, () => ec2.send(new DescribeInstancesCommand({}))));
    expect(results.every((r) => r.$metadata.httpStatusCode === 200)).toBe(true);
    expect(Math.max(...results.map((r) => r.$metadata.attempts ?? 1))).toBeGreaterThan(1);
    const throttled = await sandbox.control.requests({ accountId: PROD, outcome: "RequestLimitExceeded" });
    expect(throttled.length).toBeGreaterThan(0);
    expect(await sandbox.control.requests({ accountId: PROD, action: "ec2:DescribeInstances", outcome: "ok" })).toHaveLength(4);
  });
});

describe("scripted failures", () => {
  test("the Nth call of an action fails with the scripted error", async () => {
    await sandbox.control.setFaults({
      script: [{ action: "iam:CreateRole", nth: 2, accountId: PROD, error: { code: "ServiceFailure", message: "scripted", status: 500 } }],
    });
    const iam = clientsFor(sandbox, adminOf(sandbox, PROD), { maxAttempts: 1 }).iam;
    const trust = policy([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }]);
    await iam.send(new CreateRoleCommand({ RoleName: "First", AssumeRolePolicyDocument: trust }));
    const error = await failure(iam.send(new CreateRoleCommand({ RoleName: "Second", AssumeRolePolicyDocument: trust })));
    expect([error.name, error.message, error.$metadata?.httpStatusCode]).toEqual(["ServiceFailureException", "scripted", 500]);
    // The failed call changed nothing; the third call goes through.
    expect((await failure(iam.send(new GetRoleCommand({ RoleName: "Second" })))).name).toBe("NoSuchEntityException");
    await iam.send(new CreateRoleCommand({ RoleName: "Second", AssumeRolePolicyDocument: trust }));
    // Another account's calls are not counted by this rule.
    await clientsFor(sandbox, adminOf(sandbox, "333333333333"), { maxAttempts: 1 }).iam.send(new CreateRoleCommand({ RoleName: "Other", AssumeRolePolicyDocument: trust }));
  });

  test("a scripted throttling error is retried by the SDK", async () => {
    await sandbox.control.setFaults({ script: [{ action: "sts:AssumeRole", nth: 1, count: 2, error: { code: "Throttling", message: "Rate exceeded" } }] });
    const out = await clientsFor(sandbox, sandbox.home, { maxAttempts: 3 }).sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`, RoleSessionName: "retry" }));
    expect(out.$metadata.attempts).toBe(3);
  });

  test("invalid fault configurations are refused", async () => {
    await expect(sandbox.control.setFaults({ latencyMs: -1 })).rejects.toThrow();
    await expect(sandbox.control.setFaults({ script: [{ action: "CreateRole", nth: 1, error: { code: "X" } }] })).rejects.toThrow();
  });
});

describe("request log, dump, reset and the HTTP control API", () => {
  test("the log records account, principal, service, action, outcome and latency", async () => {
    await sandbox.control.clearRequests();
    const admin = adminOf(sandbox, PROD);
    await clientsFor(sandbox, admin).iam.send(new ListUsersCommand({}));
    await failure(clientsFor(sandbox, { ...admin, secretAccessKey: `x${admin.secretAccessKey.slice(1)}` }, { maxAttempts: 1 }).iam.send(new ListUsersCommand({})));
    const entries = await sandbox.control.requests({ accountId: PROD });
    expect(entries.map((e) => [e.service, e.action, e.outcome, e.httpStatus])).toEqual([
      ["iam", "ListUsers", "ok", 200],
      ["iam", "ListUsers", "SignatureDoesNotMatch", 403],
    ]);
    expect(entries[0]).toMatchObject({ principalArn: `arn:aws:iam::${PROD}:user/sandbox-admin`, accessKeyId: admin.accessKeyId, region: "us-east-1" });
    expect(entries[0]!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(entries[0]!.time)).not.toBeNaN();
  });

  test("dump shows the state without secrets; reset returns to the fixture", async () => {
    const iam = clientsFor(sandbox, adminOf(sandbox, PROD), { maxAttempts: 1 }).iam;
    await iam.send(new CreateRoleCommand({ RoleName: "Drift", AssumeRolePolicyDocument: policy([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }]) }));
    const dump = JSON.stringify(await sandbox.control.dump());
    expect(dump).toContain(`arn:aws:iam::${PROD}:role/Drift`);
    for (const account of sandbox.accounts) expect(dump).not.toContain(account.secretAccessKey);
    await sandbox.control.reset();
    expect((await failure(iam.send(new GetRoleCommand({ RoleName: "Drift" })))).name).toBe("NoSuchEntityException");
    // The fixture's admin keys survive a reset.
    expect((await clientsFor(sandbox, adminOf(sandbox, PROD)).sts.send(new GetCallerIdentityCommand({}))).Account).toBe(PROD);
  });

  test("HTTP control API: info, faults, requests, state, reset, accounts", async () => {
    const get = async (path: string, init?: RequestInit) => {
      const response = await fetch(`${sandbox.controlUrl}${path}`, init);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const info = await get("");
    expect(info.body.endpoint).toBe(sandbox.endpoint);
    const put = await get("/faults", { method: "PUT", body: JSON.stringify({ latencyMs: 5 }), headers: { "content-type": "application/json" } });
    expect([put.status, put.body]).toEqual([200, { latencyMs: 5 }]);
    const bad = await get("/faults", { method: "PUT", body: JSON.stringify({ latencyMs: "slow" }) });
    expect(bad.status).toBe(400);
    expect(String(bad.body.error)).toContain("latencyMs");
    expect((await get("/faults", { method: "DELETE" })).status).toBe(200);
    expect((await get("/faults")).body).toEqual({});
    await clientsFor(sandbox, sandbox.home).sts.send(new GetCallerIdentityCommand({}));
    const requests = await get("/requests?service=sts&action=GetCallerIdentity");
    expect(requests.body.count).toBeGreaterThanOrEqual(1);
    expect((await get("/requests", { method: "DELETE" })).status).toBe(200);
    expect((await get("/requests")).body.count).toBe(0);
    expect(((await get("/state")).body.accounts as unknown[]).length).toBe(4);
    const created = await get("/accounts", { method: "POST", body: JSON.stringify({ accountId: "555555555555", name: "added", alias: "acme-added" }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ accountId: "555555555555", role: "member", alias: "acme-added" });
    const added = { accessKeyId: String(created.body.accessKeyId), secretAccessKey: String(created.body.secretAccessKey) };
    expect((await clientsFor(sandbox, added).sts.send(new GetCallerIdentityCommand({}))).Account).toBe("555555555555");
    // The management account can reach the new account through OrganizationAccountAccessRole.
    const role = await clientsFor(sandbox, sandbox.home).sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::555555555555:role/OrganizationAccountAccessRole", RoleSessionName: "added" }));
    expect(role.AssumedRoleUser?.Arn).toContain("555555555555");
    expect((await get("/reset", { method: "POST" })).status).toBe(200);
    expect((await get("/nowhere")).status).toBe(404);
  });
});
