import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAwsClients, type AwsClients, type StaticCredentials } from "@/lib/aws/clients";
import { createAccessKey } from "@/lib/aws/operations/create-access-key";
import { runRollout } from "@/lib/aws/rollout";
import { EXTERNAL_ID, HOME, REGIONS, sandboxConnection, startTestSandbox, TARGETS, testModel } from "@/lib/aws/test-support";
import { resetEnvCache } from "@/lib/env";
import { getRun, settleRuns } from "@/lib/runs";
import type { Sandbox } from "@/sandbox";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { startConnectionTest } from "./connection-test-run";
import { saveRefusal, saveTestedConnection } from "./connection-test-save";
import { connectionSettingsSchema } from "@/lib/connections/settings";
import { loadConnectionSettings, updateConnectionSettings } from "@/lib/connections/settings-store";
import { asConnectionTestSummary } from "@/lib/connections/test-summary";
import { loadConnectionDetails } from "./connection-details-load";

let t: TestDatabase;
let sb: Sandbox;
let home: AwsClients;
let collector: StaticCredentials;
let connectionId: string;

beforeAll(async () => {
  t = await useTestDatabase();
  sb = await startTestSandbox();
  process.env.AWS_ENDPOINT_URL = sb.endpoint;
  resetEnvCache();
  home = createAwsClients({ ...sandboxConnection(sb), credentials: sb.home });
  const model = testModel();
  const rollout = await runRollout(model, { home, targets: { kind: "assume" } }, { propagation: { windowMs: 3000, initialDelayMs: 20 } });
  expect(rollout.failedAccounts).toEqual([]);
  const key = await createAccessKey(home, { userName: model.names.user, waitUntilUsable: { windowMs: 3000, initialDelayMs: 20 } });
  if (key.status !== "created") throw new Error(key.reason);
  collector = key.credentials;
  const draft = { homeAccountId: HOME, targetAccountIds: TARGETS, externalId: EXTERNAL_ID, regions: REGIONS };
  const c = await t.db.connection.create({ data: { name: "AWS inventory (Direct)", model: JSON.stringify(draft), targets: { create: TARGETS.map((accountId) => ({ accountId })) } } });
  connectionId = c.id;
}, 60_000);

afterAll(async () => {
  await settleRuns();
  home?.destroy();
  await sb?.stop();
  delete process.env.AWS_ENDPOINT_URL;
  await t.cleanup();
});

function settings(extra: Record<string, unknown> = {}) {
  return connectionSettingsSchema.parse({ connectionId, connectionName: "AWS inventory (Direct)", accessKeyId: collector.accessKeyId, externalId: EXTERNAL_ID, ...extra });
}

async function testNow(): Promise<NonNullable<ReturnType<typeof asConnectionTestSummary>>> {
  const { runId } = await startConnectionTest({ connectionId, userId: "u1" });
  await settleRuns();
  const run = await getRun(runId);
  const summary = asConnectionTestSummary(run.result);
  if (!summary) throw new Error(`no summary: ${run.status} ${run.error}`);
  return summary;
}

describe("step 8: test, then save", () => {
  it("asks for the secret when none is stored", async () => {
    await expect(updateConnectionSettings(settings())).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { secretAccessKey: [expect.stringMatching(/secret access key/)] } });
  });

  it("refuses to save before any test", async () => {
    await updateConnectionSettings(settings({ secretAccessKey: collector.secretAccessKey }));
    expect(await saveRefusal(connectionId)).toMatch(/Test the connection first/);
    await expect(saveTestedConnection(settings())).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("records a passing test on the connection and each account, then saves and links the schedule", async () => {
    const summary = await testNow();
    expect(summary.ok).toBe(true);
    expect(summary.accounts.map((a) => a.accountId)).toEqual(TARGETS);
    const row = await t.db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.lastTestStatus).toBe("passed");
    const targets = await t.db.targetAccount.findMany({ where: { connectionId }, orderBy: { accountId: "asc" } });
    expect(targets.every((x) => x.lastTestStatus === "passed")).toBe(true);
    const inv = JSON.parse(targets[0]!.inventory!) as { instances: number; byRegion: unknown[] };
    expect(inv.byRegion).toHaveLength(REGIONS.length);
    expect(inv.instances).toBe(summary.accounts[0]!.inventory.instances);

    // A crafted save with other details than those tested is refused.
    await expect(saveTestedConnection(settings({ externalId: "another-external-id" }))).rejects.toMatchObject({ code: "CONFLICT", userMessage: expect.stringMatching(/changed since the last test/) });
    const saved = await saveTestedConnection(settings());
    expect(saved.schedule.name).toBe("AWS imports");
    expect(saved.schedule.nextRunAt).not.toBeNull();
    const after = await t.db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(after.status).toBe("saved");
    expect(after.scheduleId).toBe(saved.schedule.id);
  });

  it("forgets the test when a field changes, reports a wrong external ID with its cause, and refuses to save", async () => {
    const { changed } = await updateConnectionSettings(settings({ externalId: "wrong-external-id-0000" }));
    expect(changed).toBe(true);
    const edited = await t.db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(edited.lastTestStatus).toBeNull();
    // It was saved: untested details send it back to draft until tested and saved again.
    expect(edited.status).toBe("draft");
    const summary = await testNow();
    expect(summary.ok).toBe(false);
    const assume = summary.accounts[0]!.failures.find((f) => f.check === "sts:AssumeRole");
    expect(assume?.cause).toMatch(/external ID/i);
    expect((await t.db.targetAccount.findFirstOrThrow({ where: { connectionId } })).lastTestReason).toMatch(/external ID/i);
    expect(await saveRefusal(connectionId)).toMatch(/last connection test failed/);
    await expect(saveTestedConnection(settings({ externalId: "wrong-external-id-0000" }))).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("keeps secrets sealed in the database and out of run results", async () => {
    await updateConnectionSettings(settings({ useProxy: "on", proxyServer: "127.0.0.1:9", proxyUsername: "beacon", proxyPassword: "planted-proxy-pw-42" }));
    const stored = await loadConnectionSettings(connectionId);
    expect(stored.proxy).toEqual({ server: "http://127.0.0.1:9", username: "beacon", password: "planted-proxy-pw-42" });
    const raw = await t.db.connection.findUniqueOrThrow({ where: { id: connectionId }, omit: { secretAccessKeySealed: false, proxyPasswordSealed: false } });
    const everything = JSON.stringify(raw) + JSON.stringify(await t.db.run.findMany()) + JSON.stringify(await t.db.runEvent.findMany()) + JSON.stringify(await t.db.auditEvent.findMany({ omit: { seq: true } }));
    expect(everything).not.toContain(collector.secretAccessKey);
    expect(everything).not.toContain("planted-proxy-pw-42");
    expect(raw.model).not.toContain("planted-proxy-pw-42");
    // A blank password field keeps the stored one; clearing it drops it.
    await updateConnectionSettings(settings({ useProxy: "on", proxyServer: "127.0.0.1:9", proxyUsername: "beacon" }));
    expect((await loadConnectionSettings(connectionId)).proxy?.password).toBe("planted-proxy-pw-42");
    await updateConnectionSettings(settings({ useProxy: "on", proxyServer: "127.0.0.1:9", proxyUsername: "beacon", clearProxyPassword: "on" }));
    expect((await loadConnectionSettings(connectionId)).proxy?.password).toBeUndefined();
  });

  it("builds the details file with secrets only on request, external ID masked for reviewers", async () => {
    await updateConnectionSettings(settings({ useProxy: "on", proxyServer: "127.0.0.1:9", proxyUsername: "beacon", proxyPassword: "planted-proxy-pw-42" }));
    const withSecrets = await loadConnectionDetails({ connectionId, includeSecrets: true, maskExternalId: false, generatedBy: "a@b" });
    expect(withSecrets.connection.secretAccessKey).toBe(collector.secretAccessKey);
    expect(withSecrets.proxy.password).toBe("planted-proxy-pw-42");
    expect(withSecrets.accounts.map((a) => a.roleArn)).toEqual(TARGETS.map((id) => `arn:aws:iam::${id}:role/ListEC2ForFNMSRole`));
    const reviewer = await loadConnectionDetails({ connectionId, includeSecrets: false, maskExternalId: true, generatedBy: "r@b" });
    const text = JSON.stringify(reviewer);
    expect(text).not.toContain(collector.secretAccessKey);
    expect(text).not.toContain("planted-proxy-pw-42");
    expect(text).not.toContain(EXTERNAL_ID);
    expect(reviewer.schedule?.name).toBe("AWS imports");
  });
});
