/**
 * Adding an account touches only what changes: the home account (a new read-roles version) and the
 * added account. The unchanged accounts of the connection get no administrator call at all — their
 * administrator role is even made unusable here, so a rollout that reached into them would fail —
 * while the connection test afterwards still tests every account with the collector's key.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetPolicyCommand, GetPolicyVersionCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { type AwsClients } from "@/lib/aws/clients";
import { adminClients, HOME, testModel } from "@/lib/aws/test-support";
import { roleArn } from "@/lib/policies";
import { getRun, settleRuns } from "@/lib/runs";
import type { Sandbox } from "@/sandbox";
import type { TestDatabase } from "@/test/db";
import { startSavedConnection, type SavedConnectionWorld } from "@/test/saved-connection";
import { planAccountsChange, startAccountsChange } from "./change-accounts";

let t: TestDatabase;
let sb: Sandbox;
let home: AwsClients;
let connectionId: string;
const actor = { id: "admin-1", email: "admin@beaconport.test" };
const UNCHANGED = ["222222222222", "333333333333", "444444444444"];
const ADDED = "555555555555";
const initial = testModel({ targetAccountIds: UNCHANGED });

let w: SavedConnectionWorld;
beforeAll(async () => {
  w = await startSavedConnection({ model: initial, name: "Only what changes", prepare: (s) => s.control.createAccount({ accountId: ADDED, name: "added" }).then(() => undefined) });
  ({ t, sb, home, connectionId } = w);
  // The administrator can no longer enter the unchanged accounts: reaching into one would fail the change.
  for (const id of UNCHANGED) {
    const admin = adminClients(sb, id);
    await admin.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "OrganizationAccountAccessRole", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" }] }) }));
    admin.destroy();
  }
}, 60_000);

afterAll(() => w?.stop());

describe("adding an account touches only what changes", () => {
  it("plans and runs against the home account and the added account only; the test still covers every account", async () => {
    const since = new Date().toISOString();
    const plan = await planAccountsChange({ connectionId, add: [ADDED], remove: [], deleteRemovedResources: false }, sb.home);
    expect(plan.accounts.map((a) => a.accountId).sort()).toEqual([HOME, ADDED]);
    expect(plan.accounts.every((a) => !a.error)).toBe(true);

    const { runId } = await startAccountsChange({ connectionId, add: [ADDED], remove: [], deleteRemovedResources: false, userId: actor.id, actor, ip: null }, sb.home);
    await settleRuns();
    const run = await getRun(runId);
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");
    // The connection test (collector's key) reported on every account, unchanged ones included.
    expect(new Set(run.events.filter((e) => e.step === "connection-test" && e.status === "done" && e.accountId).map((e) => e.accountId))).toEqual(new Set([...UNCHANGED, ADDED]));
    // The rollout emitted nothing for the unchanged accounts.
    expect(run.events.filter((e) => e.step !== "connection-test" && e.accountId && UNCHANGED.includes(e.accountId))).toEqual([]);

    const log = await sb.control.requests({ since });
    // No administrator session in the unchanged accounts: every call there is the beacon's inventory role.
    const inUnchanged = log.filter((r) => r.accountId && UNCHANGED.includes(r.accountId));
    expect(inUnchanged.length).toBeGreaterThan(0);
    expect(inUnchanged.filter((r) => !r.principalArn?.includes(`:assumed-role/${initial.names.role}/`))).toEqual([]);
    expect(inUnchanged.filter((r) => r.service === "iam" && r.action !== "ListAccountAliases")).toEqual([]);
    // No AssumeRole was refused (a try of the broken administrator role would have been).
    expect(log.filter((r) => r.action === "AssumeRole" && r.outcome !== "ok")).toEqual([]);
    // The added account was reached with the administrator role.
    expect(log.some((r) => r.accountId === ADDED && r.principalArn?.includes(":assumed-role/OrganizationAccountAccessRole/"))).toBe(true);

    // The home read-roles policy names all four roles.
    const arn = `arn:aws:iam::${HOME}:policy/${initial.names.readRolesPolicy}`;
    const policy = await home.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    const version = await home.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy!.DefaultVersionId! }));
    const doc = decodeURIComponent(version.PolicyVersion!.Document!);
    for (const id of [...UNCHANGED, ADDED]) expect(doc).toContain(roleArn(initial, id));
    const saved = JSON.parse((await t.db.connection.findUniqueOrThrow({ where: { id: connectionId } })).model) as { targetAccountIds: string[] };
    expect(saved.targetAccountIds).toEqual([...UNCHANGED, ADDED]);
  }, 90_000);
});
