/**
 * Repairing pinpointed drift against the AWS sandbox: one role deleted, another role's external ID
 * changed, and an inline policy added to the collector. Repair plans the rollout for the two affected
 * accounts only (and says that the inline policy stays, with the command to remove it), runs it with the
 * administrator's credentials, tests the connection with the collector's key and clears what it put
 * right. The third account, untouched, gets no administrator call at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeleteRoleCommand, DetachRolePolicyCommand, GetRoleCommand, PutUserPolicyCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { type AwsClients } from "@/lib/aws/clients";
import { adminClients, EXTERNAL_ID, HOME, testModel } from "@/lib/aws/test-support";
import type { AccessModel, Finding } from "@/lib/model/types";
import { buildTrustPolicy, policyArn } from "@/lib/policies";
import { getRun, settleRuns } from "@/lib/runs";
import { startDriftPinpoint } from "./pinpoint-drift";
import { tick } from "@/lib/schedule/scheduler";
import { AWS_IMPORTS_SCHEDULE_ID } from "@/lib/connections/schedule";
import type { Sandbox } from "@/sandbox";
import type { TestDatabase } from "@/test/db";
import { startSavedConnection, type SavedConnectionWorld } from "@/test/saved-connection";
import { planDriftRepair, startDriftRepair } from "./repair-drift";

const PROD = "222222222222";
const DEV = "333333333333";
const UNTOUCHED = "444444444444";
const actor = { id: "admin-1", email: "admin@beaconport.test" };

let t: TestDatabase;
let sb: Sandbox;
let home: AwsClients;
let model: AccessModel;
let connectionId: string;
let w: SavedConnectionWorld;

beforeAll(async () => {
  w = await startSavedConnection({ model: testModel(), name: "Repair test", linkSchedule: true });
  ({ t, sb, home, model, connectionId } = w);
}, 60_000);

afterAll(() => w?.stop());

async function stored(): Promise<{ home: Finding[]; account: (id: string) => Finding[]; rows: { accountId: string; lastTestStatus: string | null; driftFindings: string | null }[] }> {
  const connection = await t.db.connection.findUniqueOrThrow({ where: { id: connectionId } });
  const rows = await t.db.targetAccount.findMany({ where: { connectionId }, orderBy: { accountId: "asc" } });
  const parse = (s: string | null) => (s ? (JSON.parse(s) as Finding[]) : []);
  return { home: parse(connection.driftFindings), account: (id) => parse(rows.find((r) => r.accountId === id)?.driftFindings ?? null), rows };
}

describe("repair drift with the rollout for the affected accounts", () => {
  it("restores a deleted role and a changed external ID, tests, clears their findings and leaves the third account alone", async () => {
    const prod = adminClients(sb, PROD);
    await prod.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: model.names.role, PolicyDocument: JSON.stringify(buildTrustPolicy({ ...model, externalId: "someone-changed-this-external-id-99" })) }));
    const dev = adminClients(sb, DEV);
    await dev.iam.send(new DetachRolePolicyCommand({ RoleName: model.names.role, PolicyArn: policyArn(DEV, model.rolePath, model.names.inventoryPolicy) }));
    await dev.iam.send(new DeleteRoleCommand({ RoleName: model.names.role }));
    await home.iam.send(new PutUserPolicyCommand({ UserName: model.names.user, PolicyName: "added-by-hand", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }) }));

    // The scheduled run flags both accounts; the administrator's read says precisely what happened.
    await t.db.schedule.update({ where: { id: AWS_IMPORTS_SCHEDULE_ID }, data: { nextRunAt: new Date(Date.now() - 1000) } });
    expect(await tick()).not.toBeNull();
    await settleRuns();
    await startDriftPinpoint({ connectionId, userId: actor.id, actor, ip: null }, sb.home);
    await settleRuns();
    const before = await stored();
    expect(before.account(PROD).map((f) => f.rule)).toEqual(["external-id-changed"]);
    expect(before.account(DEV).map((f) => f.rule)).toEqual(["role-missing"]);
    expect(before.home.map((f) => f.rule)).toEqual(["user-inline-policy"]);

    // One account's Repair plans that account only (and the home account).
    const one = await planDriftRepair({ connectionId, accountIds: [DEV] }, sb.home);
    expect(one.accounts.map((a) => a.accountId).sort()).toEqual([HOME, DEV]);
    expect(one.accounts.find((a) => a.accountId === DEV)!.changes.map((c) => c.kind)).toContain("create-role");

    // "Repair all": both affected accounts; what the rollout does not remove is said, with its command.
    const plan = await planDriftRepair({ connectionId, accountIds: [] }, sb.home);
    expect(plan.repair).toEqual([PROD, DEV]);
    expect(plan.unreachable).toEqual([]);
    expect(plan.accounts.map((a) => a.accountId).sort()).toEqual([HOME, PROD, DEV]);
    expect(plan.accounts.find((a) => a.accountId === PROD)!.changes.map((c) => c.kind)).toContain("update-trust-policy");
    expect(plan.notChanged.map((n) => n.byHand).join("\n")).toContain(`aws iam delete-user-policy --user-name ${model.names.user} --policy-name added-by-hand`);

    const since = new Date().toISOString();
    const { runId } = await startDriftRepair({ connectionId, accountIds: [], userId: actor.id, actor, ip: null }, sb.home);
    await settleRuns();
    const run = await getRun(runId);
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");

    // Both roles are back as the procedure wants them.
    const role = await dev.iam.send(new GetRoleCommand({ RoleName: model.names.role }));
    expect(role.Role?.Arn).toBe(`arn:aws:iam::${DEV}:role${model.rolePath}${model.names.role}`);
    const trust = await prod.iam.send(new GetRoleCommand({ RoleName: model.names.role }));
    expect(decodeURIComponent(trust.Role!.AssumeRolePolicyDocument!)).toContain(EXTERNAL_ID);
    prod.destroy();
    dev.destroy();

    // The test passed for every account, findings cleared; the inline policy is still reported (not removed).
    const after = await stored();
    expect(after.rows.map((r) => [r.accountId, r.lastTestStatus])).toEqual([[PROD, "passed"], [DEV, "passed"], [UNTOUCHED, "passed"]]);
    expect(after.account(PROD)).toEqual([]);
    expect(after.account(DEV)).toEqual([]);
    expect(after.home.map((f) => f.rule)).toEqual(["user-inline-policy"]);
    expect((await t.db.connection.findUniqueOrThrow({ where: { id: connectionId } })).lastTestStatus).toBe("passed");

    // No administrator call into the untouched account: only the beacon's own role read it (the test).
    const log = await sb.control.requests({ since });
    const inUntouched = log.filter((r) => r.accountId === UNTOUCHED);
    expect(inUntouched.length).toBeGreaterThan(0);
    expect(inUntouched.filter((r) => !r.principalArn?.includes(`:assumed-role/${model.names.role}/`))).toEqual([]);
    expect(log.some((r) => r.accountId === DEV && r.principalArn?.includes(":assumed-role/OrganizationAccountAccessRole/"))).toBe(true);

    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "connection.repair", entityId: connectionId } });
    expect(JSON.parse(audit.before!)).toMatchObject({ drift: expect.arrayContaining([`external-id-changed@${PROD}`, `role-missing@${DEV}`]) });
    expect(JSON.parse(audit.after!)).toMatchObject({ repaired: [PROD, DEV], failing: [] });
    expect(JSON.stringify(run)).not.toContain(sb.home.secretAccessKey);
  }, 120_000);

  it("says which accounts it cannot reach (set up by hand) and plans none of them", async () => {
    await t.db.targetAccount.updateMany({ where: { connectionId, accountId: UNTOUCHED }, data: { accessMethod: "manual", lastTestStatus: "failed" } });
    const since = new Date().toISOString();
    const plan = await planDriftRepair({ connectionId, accountIds: [] }, sb.home);
    expect(plan.repair).toEqual([]);
    expect(plan.unreachable.map((u) => u.accountId)).toEqual([UNTOUCHED]);
    expect(plan.unreachable[0]!.reason).toMatch(/set up by hand/);
    expect(plan.accounts.map((a) => a.accountId)).toEqual([HOME]);
    expect((await sb.control.requests({ since })).filter((r) => r.accountId === UNTOUCHED)).toEqual([]);
  }, 60_000);
});
