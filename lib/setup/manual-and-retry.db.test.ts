/**
 * Step 5 against the AWS sandbox and a test database: an account set up by hand inside an automated
 * setup (the rollout never touches it, its role is still in the home policy, its own Verify fails
 * until the admin builds it and passes after), and "Retry failed" running only the failed account
 * while the merged result still covers every account.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "@/sandbox";
import type { TestDatabase } from "@/test/db";
import { startSandboxWorld, type SandboxWorld } from "@/test/saved-connection";
import { getRun, settleRuns } from "@/lib/runs";
import { createAwsClients } from "@/lib/aws/clients";
import { ensureManagedPolicy, ensureRole } from "@/lib/aws";
import { gatherObservedState } from "@/lib/aws/operations/gather-observed-state";
import { desiredForTarget } from "@/lib/aws/rollout/desired-state";
import { createDraftConnection } from "./create-draft-connection";
import { getConnectionView, updateDraftModel } from "@/lib/connections/repository";
import { clientsFor } from "@/lib/connections/aws-access";
import { startRollout } from "./start-rollout";
import { verifyManualAccount } from "./verify-manual-account";
import type { MergedAccount } from "./rollout-accounts";
import { rolloutRunResult } from "./run-kinds";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const HOME = "111111111111";
const admin = { role: "admin" } as const;

let sb: Sandbox;
let t: TestDatabase;
let userId: string;

let world: SandboxWorld;

beforeAll(async () => {
  world = await startSandboxWorld();
  ({ t, sb } = world);
  userId = (await t.db.user.create({ data: { email: "grace@example.test", name: "Grace", role: "admin" } })).id;
});

afterAll(() => world?.stop());

async function draft(targets: { accountId: string; accessMethod: "assume" | "manual" }[], externalId: string) {
  const { id } = await createDraftConnection({ createdById: userId });
  for (const x of targets) {
    await t.db.targetAccount.create({ data: { connectionId: id, accountId: x.accountId, accessMethod: x.accessMethod, adminRoleName: x.accessMethod === "assume" ? "OrganizationAccountAccessRole" : null } });
  }
  // Two regions keep the per-account inventory checks short.
  await updateDraftModel(id, { homeAccountId: HOME, targetAccountIds: targets.map((x) => x.accountId), externalId, regions: ["us-east-1", "eu-west-1"] });
  return getConnectionView(id, admin);
}

function accountsOf(result: unknown): MergedAccount[] {
  return rolloutRunResult(result)!.accounts;
}

describe("an account set up by hand inside an automated setup", () => {
  it("is never touched by the rollout, is still named in the home policy, and its own Verify fails until it is built", async () => {
    const view = await draft(
      [
        { accountId: "222222222222", accessMethod: "assume" },
        { accountId: "333333333333", accessMethod: "assume" },
        { accountId: "444444444444", accessMethod: "manual" },
      ],
      "manual-account-ext-id-0001",
    );
    const model = view.accessModel!;
    await sb.control.clearRequests();
    const { runId } = await startRollout({ connectionId: view.id, userId, model, targets: view.targets, home: sb.home, perAccount: {} });
    await settleRuns();
    const run = await getRun(runId);

    // Nothing was called in the account set up by hand; the others were set up.
    expect(await sb.control.requests({ accountId: "444444444444" })).toEqual([]);
    expect((await sb.control.requests({ accountId: "222222222222" })).length).toBeGreaterThan(0);
    expect(run.status).toBe("succeeded");
    expect(run.total).toBe(3);
    expect({ completed: run.completed, failed: run.failed }).toEqual({ completed: 3, failed: 0 });
    const skipped = run.events.filter((e) => e.accountId === "444444444444");
    expect(new Set(skipped.filter((e) => e.status !== "waiting").map((e) => e.status))).toEqual(new Set(["skipped"]));
    expect(skipped.find((e) => e.status === "skipped")?.message).toMatch(/^Set up by hand/);
    expect(accountsOf(run.result).find((a) => a.accountId === "444444444444")).toMatchObject({ source: "by-hand", status: "pending" });
    expect(rolloutRunResult(run.result)!.summary).toMatch(/1 set up by you \(0 verified, 1 waiting for Verify\)/);

    // The home account's read-roles policy names its role all the same.
    const home = clientsFor(sb.home);
    try {
      const observed = await gatherObservedState({ ...model, targetAccountIds: ["222222222222"] }, { home, access: { targets: { kind: "assume" } } });
      const readRoles = observed.home.policies.find((p) => p.name === model.names.readRolesPolicy);
      expect(JSON.stringify(readRoles?.document)).toContain(`arn:aws:iam::444444444444:role${model.rolePath}${model.names.role}`);
    } finally {
      home.destroy();
    }
    // The rollout leaves its status to its own Verify.
    const row = () => t.db.targetAccount.findFirstOrThrow({ where: { connectionId: view.id, accountId: "444444444444" } });
    expect((await row()).setupStatus).toBe("pending");

    // Verify before the admin built anything: the role cannot be assumed, said plainly and stored.
    const before = await verifyManualAccount({ connectionId: view.id, accountId: "444444444444", model, home: sb.home });
    expect(before).toMatchObject({ passed: false, failedCheck: "sts:AssumeRole" });
    expect(before.cause).toMatch(/cannot be assumed from the home account 111111111111 with the external ID: it does not exist yet/);
    expect(await row()).toMatchObject({ setupStatus: "failed" });
    expect((await row()).setupError).toMatch(/cannot be assumed.*Fix: Create the inventory policy and the role in account 444444444444/);

    // The admin builds steps 2 and 4 in that account with its own credentials (as the documents say).
    const a = sb.accounts.find((x) => x.accountId === "444444444444")!;
    const own = createAwsClients({ endpoint: sb.endpoint, region: "us-east-1", credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey } });
    try {
      const desired = desiredForTarget(model, "444444444444");
      await ensureManagedPolicy(own.iam, desired.policy);
      await ensureRole(own.iam, desired.role);
    } finally {
      own.destroy();
    }
    const after = await verifyManualAccount({ connectionId: view.id, accountId: "444444444444", model, home: sb.home });
    expect(after).toMatchObject({ passed: true, failedCheck: null, cause: null });
    expect(after.passedChecks).toBe(after.totalChecks);
    expect(after.instances).toBe(1);
    expect(await row()).toMatchObject({ setupStatus: "done", setupError: null });

    // A wrong external ID in the model is caught the same way (the beacon would be refused too).
    const wrong = await verifyManualAccount({ connectionId: view.id, accountId: "444444444444", model: { ...model, externalId: "another-external-id-0002" }, home: sb.home });
    expect(wrong).toMatchObject({ passed: false, failedCheck: "sts:AssumeRole" });
  });
});

describe("Retry failed", () => {
  it("runs only the home account and the failed account; the merged result covers every account", async () => {
    const view = await draft(
      [
        { accountId: "222222222222", accessMethod: "assume" },
        { accountId: "333333333333", accessMethod: "assume" },
      ],
      "retry-ext-id-0003",
    );
    const model = { ...view.accessModel!, names: { ...view.accessModel!.names, role: "RetryRole", inventoryPolicy: "RetryInventory" } };
    await updateDraftModel(view.id, { names: model.names });
    await sb.control.setFaults({ script: [{ action: "iam:CreateRole", nth: 1, accountId: "333333333333", error: { code: "AccessDenied", message: "Denied by a test fault", status: 403 } }] });
    const first = await startRollout({ connectionId: view.id, userId, model, targets: view.targets, home: sb.home, perAccount: {} });
    await settleRuns();
    const failed = await getRun(first.runId);
    expect(failed.status).toBe("partial");
    expect(failed.result).toMatchObject({ failedAccounts: ["333333333333"] });
    await sb.control.clearFaults();

    const targets = (await getConnectionView(view.id, admin)).targets;
    expect(targets.map((x) => [x.accountId, x.setupStatus])).toEqual([
      ["222222222222", "done"],
      ["333333333333", "failed"],
    ]);
    await sb.control.clearRequests();
    const retry = await startRollout({ connectionId: view.id, userId, model, targets, home: sb.home, perAccount: {}, retryOf: first.runId });
    await settleRuns();
    const done = await getRun(retry.runId);

    // Only the failed account (and the home account) ran: no call in the account already done.
    expect(await sb.control.requests({ accountId: "222222222222" })).toEqual([]);
    expect((await sb.control.requests({ accountId: "333333333333", action: "CreateRole" })).length).toBe(1);
    expect(new Set(done.events.map((e) => e.accountId))).toEqual(new Set([HOME, "333333333333"]));
    expect(done.status).toBe("succeeded");
    expect(done.total).toBe(2);
    expect(done.result).toMatchObject({ retryOf: first.runId, only: ["333333333333"], failedAccounts: [] });
    expect(accountsOf(done.result).map((a) => [a.accountId, a.source, a.status])).toEqual([
      [HOME, "run", "done"],
      ["222222222222", "earlier", "done"],
      ["333333333333", "run", "done"],
    ]);
    expect(rolloutRunResult(done.result)!.summary).toMatch(/^3 accounts: 1 changed, 1 unchanged, 1 done in the previous run, 0 failed\.$/);
    const rows = await t.db.targetAccount.findMany({ where: { connectionId: view.id }, orderBy: { accountId: "asc" } });
    expect(rows.map((r) => r.setupStatus)).toEqual(["done", "done"]);
  });
});

describe("the summary over every account", () => {
  it("counts an account that changed something and then failed once, as failed (issue #14)", async () => {
    const view = await draft(
      [
        { accountId: "222222222222", accessMethod: "assume" },
        { accountId: "333333333333", accessMethod: "assume" },
      ],
      "count-once-ext-id-0004",
    );
    const model = { ...view.accessModel!, names: { ...view.accessModel!.names, role: "CountOnceRole", inventoryPolicy: "CountOnceInventory" } };
    await updateDraftModel(view.id, { names: model.names });
    // 333333333333: the inventory policy is created, then the role is refused.
    await sb.control.setFaults({ script: [{ action: "iam:CreateRole", nth: 1, accountId: "333333333333", error: { code: "AccessDenied", message: "Denied by a test fault", status: 403 } }] });
    const { runId } = await startRollout({ connectionId: view.id, userId, model, targets: view.targets, home: sb.home, perAccount: {} });
    await settleRuns();
    await sb.control.clearFaults();
    const run = await getRun(runId);
    expect(run.status).toBe("partial");
    expect(rolloutRunResult(run.result)!.summary).toBe("3 accounts: 2 changed, 0 unchanged, 1 failed.");
  });
});
