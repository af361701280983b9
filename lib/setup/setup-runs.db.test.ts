/**
 * The guided setup's engine against the AWS sandbox and a test database: the permission check of
 * step 1, the plan, the rollout (live events, progress, per-account status; a second run changes
 * nothing), a partial failure, and the access key of step 6 (stored sealed only).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateUserCommand, CreateAccessKeyCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import type { Sandbox } from "@/sandbox";
import type { TestDatabase } from "@/test/db";
import { startSandboxWorld, type SandboxWorld } from "@/test/saved-connection";
import { getRun, settleRuns } from "@/lib/runs";
import { unseal } from "@/lib/crypto";
import { createAwsClients } from "@/lib/aws/clients";
import { createDraftConnection } from "./create-draft-connection";
import { getConnectionView, updateDraftModel } from "@/lib/connections/repository";
import { planRunResult, rolloutRunResult, verifyRunResult } from "./run-kinds";
import { startPlan } from "./start-plan";
import { startRollout } from "./start-rollout";
import { startVerify } from "./start-verify";
import { checkHomeAccess } from "./check-home-access";
import { createCollectorKey } from "./create-collector-key";
import { clientsFor } from "@/lib/connections/aws-access";
import { COLLECTOR_SECRET_PURPOSE } from "@/lib/connections/settings";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const HOME = "111111111111";
const TARGETS = ["222222222222", "333333333333"];
const admin = { role: "admin" } as const;

let sb: Sandbox;
let t: TestDatabase;
let userId: string;

let world: SandboxWorld;

beforeAll(async () => {
  world = await startSandboxWorld();
  ({ t, sb } = world);
  userId = (await t.db.user.create({ data: { email: "ada@example.test", name: "Ada", role: "admin" } })).id;
});

afterAll(() => world?.stop());

async function draftWithTargets(targets: string[], extra: { externalId?: string } = {}) {
  const { id } = await createDraftConnection({ createdById: userId });
  for (const accountId of targets) await t.db.targetAccount.create({ data: { connectionId: id, accountId, accessMethod: "assume", adminRoleName: "OrganizationAccountAccessRole" } });
  await updateDraftModel(id, { homeAccountId: HOME, targetAccountIds: targets, ...extra });
  return getConnectionView(id, admin);
}

describe("step 1: checkHomeAccess", () => {
  it("names the identity and finds nothing missing for an administrator", async () => {
    const clients = clientsFor(sb.home);
    try {
      const check = await checkHomeAccess(clients, { draft: {}, adminRoleArns: ["arn:aws:iam::222222222222:role/OrganizationAccountAccessRole"] });
      expect(check).toMatchObject({ accountId: HOME, principalArn: `arn:aws:iam::${HOME}:user/sandbox-admin`, missing: [] });
    } finally {
      clients.destroy();
    }
  });

  it("lists what a less privileged identity lacks, before anything changes", async () => {
    const adminClients = createAwsClients({ endpoint: sb.endpoint, region: "us-east-1", credentials: sb.home });
    await adminClients.iam.send(new CreateUserCommand({ UserName: "half-admin" }));
    const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iam:*Policy*", "iam:SimulatePrincipalPolicy"], Resource: "*" }] };
    await adminClients.iam.send(new PutUserPolicyCommand({ UserName: "half-admin", PolicyName: "policies-only", PolicyDocument: JSON.stringify(doc) }));
    const key = (await adminClients.iam.send(new CreateAccessKeyCommand({ UserName: "half-admin" }))).AccessKey!;
    adminClients.destroy();
    const clients = clientsFor({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    try {
      const check = await checkHomeAccess(clients, { draft: {}, adminRoleArns: ["arn:aws:iam::222222222222:role/OrganizationAccountAccessRole"] });
      const missing = check.missing.map((m) => m.action);
      expect(missing).toEqual(expect.arrayContaining(["iam:CreateUser", "iam:CreateAccessKey", "sts:AssumeRole"]));
      expect(missing).not.toContain("iam:CreatePolicy");
      expect(check.missing.find((m) => m.action === "sts:AssumeRole")?.neededFor).toMatch(/Steps 2, 4 and 5/);
      // Simulation is read-only: the user still has no access key beyond its own, no user was created.
      expect((await sb.control.requests({ action: "CreateUser", principalArn: check.principalArn })).length).toBe(0);
    } finally {
      clients.destroy();
    }
  });
});

describe("plan, rollout, verify and the access key", () => {
  it("plans, rolls out with live events and progress, then a second run changes nothing", async () => {
    const view = await draftWithTargets(TARGETS, { externalId: "ext-id-for-tests-0001" });
    const model = view.accessModel!;
    expect(model).not.toBeNull();

    const plan = await startPlan({ connectionId: view.id, userId, model, targets: view.targets, home: sb.home, perAccount: {} });
    await settleRuns();
    const planView = await getRun(plan.runId);
    expect(planView.status).toBe("succeeded");
    const planResult = planRunResult(planView.result)!;
    expect(planResult).not.toBeNull();
    expect(planResult.plan.accounts.find((a) => a.accountId === "222222222222")!.changes.map((c) => c.action)).toEqual(expect.arrayContaining(["iam:CreatePolicy", "iam:CreateRole"]));

    const run = await startRollout({ connectionId: view.id, userId, model, targets: view.targets, home: sb.home, perAccount: {} });
    await settleRuns();
    const done = await getRun(run.runId);
    expect(done.status).toBe("succeeded");
    expect({ completed: done.completed, failed: done.failed, total: done.total }).toEqual({ completed: 3, failed: 0, total: 3 });
    expect(done.events.filter((e) => e.accountId === "222222222222" && e.step === "role").map((e) => e.status)).toEqual(["waiting", "running", "done"]);
    expect(rolloutRunResult(done.result)!.nothingChanged).toBe(false);
    const targets = await t.db.targetAccount.findMany({ where: { connectionId: view.id } });
    expect(targets.map((x) => x.setupStatus)).toEqual(["done", "done"]);

    const again = await startRollout({ connectionId: view.id, userId, model, targets: view.targets, home: sb.home, perAccount: {} });
    await settleRuns();
    const second = await getRun(again.runId);
    expect(second.status).toBe("succeeded");
    expect(second.result).toMatchObject({ nothingChanged: true, changed: false });
    expect(rolloutRunResult(second.result)!.summary).toMatch(/^Nothing changed/);

    // Step 6: the key's secret comes back once and is stored sealed, never in clear.
    const key = await createCollectorKey({ connectionId: view.id, home: sb.home, homeAccountId: HOME, userName: "FNMSUser" });
    expect(key.status).toBe("created");
    if (key.status !== "created") return;
    const row = await t.db.connection.findUnique({ where: { id: view.id }, omit: { secretAccessKeySealed: false } });
    expect(row!.accessKeyId).toBe(key.accessKeyId);
    expect(row!.secretAccessKeySealed).not.toContain(key.secretAccessKey);
    expect(unseal(row!.secretAccessKeySealed!, COLLECTOR_SECRET_PURPOSE)).toBe(key.secretAccessKey);
    const after = await getConnectionView(view.id, { role: "reviewer" });
    expect(after.hasCollectorSecret).toBe(true);
    expect(JSON.stringify(after)).not.toContain(key.secretAccessKey);
    expect(after.model.externalId).toBe("••••••••");

    // Verify (read-only) finds nothing wrong once the key exists; before it, "access-key-missing" (an error).
    const verify = await startVerify({ connectionId: view.id, userId, model, home: sb.home, access: { targets: { kind: "assume", roleName: "OrganizationAccountAccessRole" } } });
    await settleRuns();
    const verified = await getRun(verify.runId);
    expect(verifyRunResult(verified.result)?.findings).toEqual([]);
    expect(verified.result).toMatchObject({ passed: true });
    expect(verified.status).toBe("succeeded");

  });

  it("a partial failure leaves the other accounts done and says which failed, with cause and fix", async () => {
    const view = await draftWithTargets(["222222222222", "999999999999"]);
    const run = await startRollout({ connectionId: view.id, userId, model: view.accessModel!, targets: view.targets, home: sb.home, perAccount: {} });
    await settleRuns();
    const done = await getRun(run.runId);
    expect(done.status).toBe("partial");
    expect(done.failed).toBe(1);
    expect(done.result).toMatchObject({ failedAccounts: ["999999999999"] });
    const failedEvent = done.events.find((e) => e.accountId === "999999999999" && e.status === "failed")!;
    expect(failedEvent.details).toMatchObject({ code: "AWS_ACCESS_DENIED" });
    const rows = await t.db.targetAccount.findMany({ where: { connectionId: view.id }, orderBy: { accountId: "asc" } });
    expect(rows.map((r) => [r.accountId, r.setupStatus])).toEqual([
      ["222222222222", "done"],
      ["999999999999", "failed"],
    ]);
    expect(rows[1]!.setupError).toMatch(/assume/i);
  });
});
