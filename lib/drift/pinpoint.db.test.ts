/**
 * Pinpointing drift against the AWS sandbox: a role's external ID changed and another account's role
 * deleted (both "role unreachable" to the scheduled run), plus an inline policy the collector may not
 * list (invisible to it). The administrator's read turns them into external-id-changed, role-missing and
 * user-inline-policy on the rows the dashboard reads; the next scheduled run keeps what it cannot see.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeleteRoleCommand, DetachRolePolicyCommand, PutUserPolicyCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { type AwsClients } from "@/lib/aws/clients";
import { adminClients, EXTERNAL_ID, HOME, testModel } from "@/lib/aws/test-support";
import type { AccessModel, Finding } from "@/lib/model/types";
import { buildTrustPolicy, policyArn } from "@/lib/policies";
import { getRun, settleRuns } from "@/lib/runs";
import { AWS_IMPORTS_SCHEDULE_ID } from "@/lib/connections/schedule";
import type { Sandbox } from "@/sandbox";
import type { TestDatabase } from "@/test/db";
import { startSavedConnection, type SavedConnectionWorld } from "@/test/saved-connection";
import { startDriftPinpoint } from "./pinpoint-drift";
import { tick } from "@/lib/schedule/scheduler";

let t: TestDatabase;
let sb: Sandbox;
let home: AwsClients;
let model: AccessModel;
let connectionId: string;
const actor = { id: "admin-1", email: "admin@beaconport.test" };
const CHANGED_ID = "someone-changed-this-external-id-77";

let w: SavedConnectionWorld;
beforeAll(async () => {
  w = await startSavedConnection({ model: testModel(), name: "Pinpoint test", linkSchedule: true });
  ({ t, sb, home, model, connectionId } = w);
}, 60_000);

afterAll(() => w?.stop());

async function nextScheduledRun() {
  await t.db.schedule.update({ where: { id: AWS_IMPORTS_SCHEDULE_ID }, data: { nextRunAt: new Date(Date.now() - 1000) } });
  expect(await tick()).not.toBeNull();
  await settleRuns();
}

async function drift(): Promise<{ home: Finding[]; account: (id: string) => Finding[] }> {
  const connection = await t.db.connection.findUniqueOrThrow({ where: { id: connectionId } });
  const rows = await t.db.targetAccount.findMany({ where: { connectionId } });
  const parse = (s: string | null) => (s ? (JSON.parse(s) as Finding[]) : []);
  return { home: parse(connection.driftFindings), account: (id) => parse(rows.find((r) => r.accountId === id)?.driftFindings ?? null) };
}

describe("pinpoint drift with administrator access", () => {
  it("turns 'role unreachable' into the precise cause per account, and finds the inline policy the collector cannot see", async () => {
    const prod = adminClients(sb, "222222222222");
    await prod.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: model.names.role, PolicyDocument: JSON.stringify(buildTrustPolicy({ ...model, externalId: CHANGED_ID })) }));
    const dev = adminClients(sb, "333333333333");
    await dev.iam.send(new DetachRolePolicyCommand({ RoleName: model.names.role, PolicyArn: policyArn("333333333333", model.rolePath, model.names.inventoryPolicy) }));
    await dev.iam.send(new DeleteRoleCommand({ RoleName: model.names.role }));
    await home.iam.send(new PutUserPolicyCommand({ UserName: model.names.user, PolicyName: "added-by-hand", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }) }));
    prod.destroy();
    dev.destroy();

    await nextScheduledRun();
    const ambiguous = await drift();
    expect(ambiguous.account("222222222222").map((f) => f.rule)).toEqual(["role-unreachable"]);
    expect(ambiguous.account("333333333333").map((f) => f.rule)).toEqual(["role-unreachable"]);
    expect(ambiguous.home.map((f) => f.rule)).not.toContain("user-inline-policy");

    const { runId } = await startDriftPinpoint({ connectionId, userId: actor.id, actor, ip: null }, sb.home);
    await settleRuns();
    const run = await getRun(runId);
    expect(run.status).toBe("succeeded");
    // Live status per account: each affected account was read (and only those).
    expect(run.events.filter((e) => e.step === "account" && e.status === "done").map((e) => e.accountId).sort()).toEqual(["222222222222", "333333333333"]);

    const precise = await drift();
    const prodFindings = precise.account("222222222222");
    expect(prodFindings.map((f) => f.rule)).toEqual(["external-id-changed"]);
    expect(prodFindings[0]!.message).toMatch(/^Pinpointed with administrator access at /);
    expect(prodFindings[0]!.message).toContain("so••••77");
    expect(prodFindings[0]!.fix).toMatch(/Restore the connection's external ID/);
    expect(precise.account("333333333333").map((f) => f.rule)).toEqual(["role-missing"]);
    expect(precise.account("333333333333")[0]!.fix).toMatch(/rollout/);
    expect(precise.account("444444444444")).toEqual([]);
    expect(precise.home.map((f) => f.rule)).toEqual(["user-inline-policy"]);
    expect(precise.home[0]!.fix).toContain("--policy-name added-by-hand");
    // External IDs are never stored in full in findings (reviewers read them).
    const rows = JSON.stringify(await t.db.targetAccount.findMany({ where: { connectionId }, select: { driftFindings: true } }));
    expect(rows).not.toContain(CHANGED_ID);
    expect(rows).not.toContain(EXTERNAL_ID);

    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "connection.drift-pinpointed", entityId: connectionId } });
    expect(JSON.parse(audit.before!)).toMatchObject({ drift: expect.arrayContaining(["role-unreachable@222222222222", "role-unreachable@333333333333"]) });
    expect(JSON.parse(audit.after!)).toMatchObject({ drift: expect.arrayContaining(["external-id-changed@222222222222", "role-missing@333333333333", `user-inline-policy@${HOME}`]) });
    expect(audit.after).not.toContain(sb.home.secretAccessKey);
    // The administrator's credentials stay in the run's memory: not in its events or result.
    expect(JSON.stringify(run)).not.toContain(sb.home.secretAccessKey);
    expect(JSON.stringify(await t.db.runEvent.findMany({ where: { runId } }))).not.toContain(sb.home.secretAccessKey);
  }, 90_000);

  it("the next scheduled run keeps what only the administrator could see", async () => {
    await nextScheduledRun();
    const after = await drift();
    expect(after.account("222222222222").map((f) => f.rule)).toEqual(["external-id-changed"]);
    expect(after.account("333333333333").map((f) => f.rule)).toEqual(["role-missing"]);
    expect(after.home.map((f) => f.rule)).toEqual(["user-inline-policy"]);
    const connection = await t.db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(connection.scheduledStatus).toBe("failed");
  }, 60_000);

  it("refuses credentials that cannot read the home account, changing nothing", async () => {
    const stored = async () => [(await t.db.connection.findUniqueOrThrow({ where: { id: connectionId } })).driftFindings, ...(await t.db.targetAccount.findMany({ where: { connectionId }, orderBy: { accountId: "asc" } })).map((r) => r.driftFindings)];
    const before = await stored();
    expect(before[0]).not.toBeNull();
    const { runId } = await startDriftPinpoint({ connectionId, userId: actor.id, actor, ip: null }, { accessKeyId: "AKIANOTAREALKEY00001", secretAccessKey: "not-a-real-secret-not-a-real-secret-0000" });
    await settleRuns();
    const run = await getRun(runId);
    expect(run.status).toBe("failed");
    expect(await stored()).toEqual(before);
  }, 60_000);
});
