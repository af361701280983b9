/**
 * The scheduled re-verification against the AWS sandbox, end to end below the UI: a saved connection
 * (rolled out for real), drift introduced with the accounts' administrator keys through the real SDK,
 * the next scheduled tick detecting it with only the collector's key, the results on the rows the
 * dashboard reads, and the webhook delivered (signed) to a local receiver.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreatePolicyVersionCommand, DeletePolicyVersionCommand, ListPolicyVersionsCommand, PutUserPolicyCommand, UpdateAccessKeyCommand, UpdateAssumeRolePolicyCommand, DeleteUserPolicyCommand } from "@aws-sdk/client-iam";
import { type AwsClients, type StaticCredentials } from "@/lib/aws/clients";
import { adminClients, EXTERNAL_ID, HOME, TARGETS, testModel } from "@/lib/aws/test-support";
import { seal } from "@/lib/crypto";
import type { AccessModel, Finding } from "@/lib/model/types";
import { buildInventoryPolicy, buildReadRolesPolicies, buildTrustPolicy, policyArn } from "@/lib/policies";
import { WEBHOOK_SECRET_PURPOSE } from "@/lib/notify/deliver-webhook";
import { signPayload, type WebhookPayload } from "@/lib/notify/webhook-payload";
import { settleRuns } from "@/lib/runs";
import { AWS_IMPORTS_SCHEDULE_ID } from "@/lib/connections/schedule";
import type { Sandbox } from "@/sandbox";
import type { TestDatabase } from "@/test/db";
import { startSavedConnection, type SavedConnectionWorld } from "@/test/saved-connection";
import { tick } from "./scheduler";

let t: TestDatabase;
let sb: Sandbox;
let home: AwsClients;
let model: AccessModel;
let collector: StaticCredentials;
let connectionId: string;
let receiver: http.Server;
let receiverUrl: string;
const received: { body: string; signature: string | undefined; event: string | undefined }[] = [];
const WEBHOOK_SECRET = "whsec-test-0000000000000000";

let w: SavedConnectionWorld;
beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ body, signature: req.headers["x-beaconport-signature"] as string | undefined, event: req.headers["x-beaconport-event"] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  // The local receiver is on loopback, which webhooks may reach only when the operator allows it.
  process.env.BEACONPORT_WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
  w = await startSavedConnection({
    model: testModel(),
    name: "AWS inventory (Direct)",
    linkSchedule: true,
    connection: { webhookUrl: receiverUrl, webhookSecretSealed: seal(WEBHOOK_SECRET, WEBHOOK_SECRET_PURPOSE) },
    onStop: () => new Promise((r) => receiver.close(() => r())),
  });
  ({ t, sb, home, model, collector, connectionId } = w);
}, 60_000);

afterAll(async () => {
  await w?.stop();
  delete process.env.BEACONPORT_WEBHOOK_ALLOWED_HOSTS;
});

/** Makes the schedule due and runs the next tick, as the timer would. */
async function nextScheduledRun() {
  await t.db.schedule.update({ where: { id: AWS_IMPORTS_SCHEDULE_ID }, data: { nextRunAt: new Date(Date.now() - 1000) } });
  const claim = await tick();
  expect(claim).not.toBeNull();
  await settleRuns();
  const connection = await t.db.connection.findUniqueOrThrow({ where: { id: connectionId } });
  const targets = await t.db.targetAccount.findMany({ where: { connectionId }, orderBy: { accountId: "asc" } });
  const tickRow = await t.db.scheduleTick.findUniqueOrThrow({ where: { id: claim!.tickId } });
  const homeDrift = connection.driftFindings ? (JSON.parse(connection.driftFindings) as Finding[]) : [];
  const accountDrift = (id: string) => {
    const row = targets.find((x) => x.accountId === id);
    return row?.driftFindings ? (JSON.parse(row.driftFindings) as Finding[]) : [];
  };
  return { connection, targets, tickRow, homeDrift, accountDrift };
}

async function setDefaultVersion(iam: AwsClients["iam"], arn: string, document: unknown) {
  const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
  for (const v of versions.Versions ?? []) if (!v.IsDefaultVersion) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId }));
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(document), SetAsDefault: true }));
}

describe("scheduled re-verification against the sandbox", () => {
  it("passes and records every account when nothing changed (no drift, no webhook)", async () => {
    const r = await nextScheduledRun();
    expect(r.connection.scheduledStatus).toBe("passed");
    expect(r.connection.lastTestStatus).toBe("passed");
    expect(r.homeDrift).toEqual([]);
    expect(r.targets.map((x) => [x.accountId, x.lastTestStatus, x.driftFindings])).toEqual(TARGETS.map((id) => [id, "passed", null]));
    expect(JSON.parse(r.targets[0]!.inventory!).instances).toBeGreaterThan(0);
    expect(r.tickRow).toMatchObject({ status: "succeeded", connections: 1, accountsPassed: 3, accountsFailed: 0, driftCount: 0 });
    expect(received).toHaveLength(0);
  }, 60_000);

  it("detects drift introduced in AWS: a wildcard in the read-roles policy, a changed trust, a widened inventory policy, a dropped external ID", async () => {
    const readRoles = buildReadRolesPolicies(model)[0]!;
    const widened = { ...readRoles.document, Statement: [...readRoles.document.Statement, { Effect: "Allow" as const, Action: "sts:AssumeRole", Resource: "arn:aws:iam::*:role/*" }] };
    await setDefaultVersion(home.iam, policyArn(HOME, model.rolePath, model.names.readRolesPolicy), widened);
    const dev = adminClients(sb, "333333333333");
    await dev.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: model.names.role, PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" }] }) }));
    const lab = adminClients(sb, "444444444444");
    const inv = buildInventoryPolicy(model, "444444444444");
    await setDefaultVersion(lab.iam, policyArn("444444444444", model.rolePath, model.names.inventoryPolicy), { ...inv, Statement: [...inv.Statement, { Effect: "Allow", Action: "ec2:*", Resource: "*" }] });
    const prod = adminClients(sb, "222222222222");
    const trust = buildTrustPolicy(model);
    await prod.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: model.names.role, PolicyDocument: JSON.stringify({ ...trust, Statement: trust.Statement.map((s) => ({ ...s, Condition: undefined })) }) }));

    const r = await nextScheduledRun();
    const homeRules = r.homeDrift.map((f) => f.rule);
    expect(homeRules).toContain("assume-role-wildcard");
    expect(homeRules).toContain("policy-outdated");
    expect(r.homeDrift.every((f) => f.fix.length > 0)).toBe(true);
    expect(r.accountDrift("333333333333").map((f) => f.rule)).toEqual(["role-unreachable"]);
    expect(r.accountDrift("444444444444").map((f) => f.rule)).toEqual(["inventory-permissions-extra"]);
    expect(r.accountDrift("444444444444")[0]!.message).toMatch(/ec2:DescribeRegions/);
    expect(r.accountDrift("222222222222").map((f) => f.rule)).toEqual(["external-id-not-required"]);
    const dev333 = r.targets.find((x) => x.accountId === "333333333333")!;
    expect(dev333).toMatchObject({ lastTestStatus: "failed", lastTestCheck: "sts:AssumeRole" });
    expect(dev333.lastTestFix).toBeTruthy();
    expect(r.connection.scheduledStatus).toBe("failed");
    expect(r.tickRow.driftCount).toBeGreaterThanOrEqual(5);

    const hook = received.at(-1)!;
    expect(hook.event).toBe("scheduled-test.failed");
    expect(hook.signature).toBe(signPayload(hook.body, WEBHOOK_SECRET));
    const payload = JSON.parse(hook.body) as WebhookPayload;
    expect(payload.connection.id).toBe(connectionId);
    expect(payload.failedAccounts.map((a) => a.accountId)).toEqual(["333333333333"]);
    expect(payload.drift.map((f) => f.rule)).toEqual(expect.arrayContaining(["assume-role-wildcard", "role-unreachable", "external-id-not-required", "inventory-permissions-extra"]));
    expect(hook.body).not.toContain(collector.secretAccessKey);
    const audit = await t.db.auditEvent.findMany({ where: { action: "connection.scheduled-test-failed", entityId: connectionId } });
    expect(audit).toHaveLength(1);

    // Put everything back: the next run recovers and says so.
    await setDefaultVersion(home.iam, policyArn(HOME, model.rolePath, model.names.readRolesPolicy), readRoles.document);
    await dev.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: model.names.role, PolicyDocument: JSON.stringify(buildTrustPolicy(model)) }));
    await setDefaultVersion(lab.iam, policyArn("444444444444", model.rolePath, model.names.inventoryPolicy), inv);
    await prod.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: model.names.role, PolicyDocument: JSON.stringify(trust) }));
    const back = await nextScheduledRun();
    expect(back.connection.scheduledStatus).toBe("passed");
    expect(back.connection.driftFindings).toBeNull();
    expect(back.targets.every((x) => x.driftFindings === null && x.lastTestStatus === "passed")).toBe(true);
    expect(received.at(-1)!.event).toBe("connection.recovered");
    for (const c of [dev, lab, prod]) c.destroy();
  }, 90_000);

  it("detects a new inline policy on the collector user when it lets the collector list it", async () => {
    const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iam:ListUserPolicies", "iam:GetUserPolicy", "s3:*"], Resource: "*" }] };
    await home.iam.send(new PutUserPolicyCommand({ UserName: model.names.user, PolicyName: "added-by-hand", PolicyDocument: JSON.stringify(doc) }));
    const r = await nextScheduledRun();
    const inline = r.homeDrift.filter((f) => f.rule === "user-inline-policy");
    expect(inline).toHaveLength(1);
    expect(inline[0]!.message).toMatch(/added-by-hand/);
    expect(r.connection.scheduledStatus).toBe("drift");
    expect(received.at(-1)!.event).toBe("drift.detected");
    await home.iam.send(new DeleteUserPolicyCommand({ UserName: model.names.user, PolicyName: "added-by-hand" }));
  }, 60_000);

  it("detects a deactivated access key: every account fails, with the key as the reason", async () => {
    await home.iam.send(new UpdateAccessKeyCommand({ UserName: model.names.user, AccessKeyId: collector.accessKeyId, Status: "Inactive" }));
    const r = await nextScheduledRun();
    expect(r.homeDrift.map((f) => f.rule)).toEqual(["access-key-inactive"]);
    expect(r.homeDrift[0]!.message).toContain(collector.accessKeyId);
    expect(r.targets.every((x) => x.lastTestStatus === "failed")).toBe(true);
    expect(r.connection.scheduledStatus).toBe("failed");
    await home.iam.send(new UpdateAccessKeyCommand({ UserName: model.names.user, AccessKeyId: collector.accessKeyId, Status: "Active" }));
    // The stored external ID is what the roles require: a sanity check that the seed used it.
    expect(model.externalId).toBe(EXTERNAL_ID);
  }, 60_000);
});
