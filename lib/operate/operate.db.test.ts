/**
 * Safe changes against the AWS sandbox: add and remove accounts, rotate the collector's key (old key
 * refused by AWS afterwards), delete a connection with AWS cleanup. Admin credentials are passed in
 * directly (the pages get them from the sealed session cookie).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetRoleCommand, GetPolicyCommand, GetPolicyVersionCommand, GetUserCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { createAwsClients, type AwsClients } from "@/lib/aws/clients";
import { createAccessKey } from "@/lib/aws/operations/create-access-key";
import { adminClients, HOME, sandboxConnection, testModel } from "@/lib/aws/test-support";
import { getRun, settleRuns } from "@/lib/runs";
import { loadConnectionSettings } from "@/lib/connections/settings-store";
import type { Sandbox } from "@/sandbox";
import type { TestDatabase } from "@/test/db";
import { startSavedConnection, type SavedConnectionWorld } from "@/test/saved-connection";
import { planAccountsChange, startAccountsChange } from "./change-accounts";
import { startConnectionDelete } from "./delete-connection";
import { deleteOldAccessKey, planKeyRotation, startKeyRotation } from "./rotate-access-key";

let t: TestDatabase;
let sb: Sandbox;
let home: AwsClients;
let connectionId: string;
const actor = { id: "admin-1", email: "admin@beaconport.test" };
const initial = testModel({ targetAccountIds: ["222222222222", "333333333333"] });

let w: SavedConnectionWorld;
beforeAll(async () => {
  w = await startSavedConnection({ model: initial, name: "Operate test" });
  ({ t, sb, home, connectionId } = w);
}, 60_000);

afterAll(() => w?.stop());

async function finished(runId: string) {
  await settleRuns();
  return getRun(runId);
}

async function savedTargets(): Promise<string[]> {
  const m = JSON.parse((await t.db.connection.findUniqueOrThrow({ where: { id: connectionId } })).model) as { targetAccountIds: string[] };
  return m.targetAccountIds;
}

describe("change safely", () => {
  it("plans, then adds an account: role created, read-roles policy names it, test passes, then the connection changes", async () => {
    const plan = await planAccountsChange({ connectionId, add: ["444444444444"], remove: [], deleteRemovedResources: false }, sb.home);
    expect(plan.add).toEqual(["444444444444"]);
    const target = plan.accounts.find((a) => a.accountId === "444444444444")!;
    expect(target.changes.map((c) => c.kind)).toEqual(expect.arrayContaining(["create-role"]));
    expect(plan.accounts.find((a) => a.kind === "home")!.changes.length).toBeGreaterThan(0);

    const { runId } = await startAccountsChange({ connectionId, add: ["444444444444"], remove: [], deleteRemovedResources: false, userId: actor.id, actor, ip: null }, sb.home);
    const run = await finished(runId);
    expect(run.status).toBe("succeeded");
    expect(await savedTargets()).toEqual(["222222222222", "333333333333", "444444444444"]);
    const row = await t.db.targetAccount.findFirstOrThrow({ where: { connectionId, accountId: "444444444444" } });
    expect(row.lastTestStatus).toBe("passed");
    expect(await t.db.auditEvent.count({ where: { action: "connection.accounts-change" } })).toBe(1);
  }, 60_000);

  it("refuses to change the saved connection when the test fails for a new account", async () => {
    // 555555555555 does not exist in the sandbox: the rollout cannot reach it.
    const { runId } = await startAccountsChange({ connectionId, add: ["555555555555"], remove: [], deleteRemovedResources: false, userId: actor.id, actor, ip: null }, sb.home);
    const run = await finished(runId);
    expect(run.status).toBe("failed");
    expect(await savedTargets()).toEqual(["222222222222", "333333333333", "444444444444"]);
  }, 60_000);

  it("removes an account and deletes its role and inventory policy", async () => {
    const { runId } = await startAccountsChange({ connectionId, add: [], remove: ["333333333333"], deleteRemovedResources: true, userId: actor.id, actor, ip: null }, sb.home);
    const run = await finished(runId);
    expect(run.status).toBe("succeeded");
    expect(await savedTargets()).toEqual(["222222222222", "444444444444"]);
    expect(await t.db.targetAccount.count({ where: { connectionId, accountId: "333333333333" } })).toBe(0);
    const dev = adminClients(sb, "333333333333");
    await expect(dev.iam.send(new GetRoleCommand({ RoleName: initial.names.role }))).rejects.toMatchObject({ awsCode: "NoSuchEntity" });
    dev.destroy();
    // The read-roles policy in AWS no longer names the removed account's role.
    const arn = `arn:aws:iam::${HOME}:policy/${initial.names.readRolesPolicy}`;
    const policy = await home.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    const version = await home.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy!.DefaultVersionId! }));
    const doc = decodeURIComponent(version.PolicyVersion!.Document!);
    expect(doc).toContain("444444444444");
    expect(doc).not.toContain("333333333333");
  }, 60_000);

  it("rotates the collector's key: new key stored and tested, old key deactivated, then deleted and refused by AWS", async () => {
    const before = await loadConnectionSettings(connectionId);
    const oldKey = { accessKeyId: before.accessKeyId!, secretAccessKey: before.secretAccessKey! };
    const plan = await planKeyRotation(connectionId, sb.home);
    expect(plan.full).toBe(false);
    expect(plan.keys.find((k) => k.inUse)?.accessKeyId).toBe(oldKey.accessKeyId);

    const { runId } = await startKeyRotation({ connectionId, userId: actor.id, actor, ip: null }, sb.home);
    const run = await finished(runId);
    expect(run.status).toBe("succeeded");
    const after = await loadConnectionSettings(connectionId);
    expect(after.accessKeyId).not.toBe(oldKey.accessKeyId);
    const keys = await planKeyRotation(connectionId, sb.home);
    expect(keys.keys.find((k) => k.accessKeyId === oldKey.accessKeyId)?.status).toBe("Inactive");
    // The new key works.
    const fresh = createAwsClients({ ...sandboxConnection(sb), credentials: { accessKeyId: after.accessKeyId!, secretAccessKey: after.secretAccessKey! } });
    expect((await fresh.sts.send(new GetCallerIdentityCommand({}))).Account).toBe(HOME);
    fresh.destroy();
    await expect(deleteOldAccessKey({ connectionId, accessKeyId: after.accessKeyId! }, sb.home)).rejects.toMatchObject({ code: "VALIDATION" });
    await deleteOldAccessKey({ connectionId, accessKeyId: oldKey.accessKeyId }, sb.home);
    const old = createAwsClients({ ...sandboxConnection(sb), credentials: oldKey, retry: { maxAttempts: 1 } });
    await expect(old.sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ awsCode: "InvalidClientTokenId" });
    old.destroy();
    expect(JSON.stringify(await t.db.auditEvent.findMany({ omit: { seq: true } }))).not.toContain(after.secretAccessKey!);
  }, 60_000);

  it("offers the choice when the user already has two keys, and rotates after deleting the chosen one", async () => {
    const extra = await createAccessKey(home, { userName: initial.names.user });
    if (extra.status !== "created") throw new Error("could not create a second key");
    const plan = await planKeyRotation(connectionId, sb.home);
    expect(plan.full).toBe(true);
    const refused = await finished((await startKeyRotation({ connectionId, userId: actor.id, actor, ip: null }, sb.home)).runId);
    expect(refused.status).toBe("failed");
    expect(refused.error).toMatch(/already has 2 access keys/);
    const current = (await loadConnectionSettings(connectionId)).accessKeyId!;
    await expect(startKeyRotation({ connectionId, userId: actor.id, actor, ip: null, retireKeyId: current }, sb.home)).rejects.toMatchObject({ code: "VALIDATION" });
    const ok = await finished((await startKeyRotation({ connectionId, userId: actor.id, actor, ip: null, retireKeyId: extra.credentials.accessKeyId }, sb.home)).runId);
    expect(ok.status).toBe("succeeded");
  }, 60_000);

  it("deletes the connection and cleans up AWS", async () => {
    await expect(startConnectionDelete({ connectionId, userId: actor.id, actor, ip: null, cleanupAws: true, confirmName: "wrong" }, sb.home)).rejects.toMatchObject({ code: "VALIDATION" });
    const { runId } = await startConnectionDelete({ connectionId, userId: actor.id, actor, ip: null, cleanupAws: true, confirmName: "Operate test" }, sb.home);
    const run = await finished(runId);
    expect(run.status).toBe("succeeded");
    expect(await t.db.connection.count({ where: { id: connectionId } })).toBe(0);
    await expect(home.iam.send(new GetUserCommand({ UserName: initial.names.user }))).rejects.toMatchObject({ awsCode: "NoSuchEntity" });
    const lab = adminClients(sb, "444444444444");
    await expect(lab.iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::444444444444:policy/${initial.names.inventoryPolicy}` }))).rejects.toMatchObject({ awsCode: "NoSuchEntity" });
    lab.destroy();
    expect(await t.db.auditEvent.count({ where: { action: "connection.delete", entityId: connectionId } })).toBe(1);
  }, 60_000);
});
