/**
 * Runs the generated aws-cli/setup.sh with Debian's AWS CLI 2.9 (/usr/bin/aws) against the local
 * AWS sandbox and checks the IAM state it leaves: clean by the linter, the same as the portal's own
 * rollout, unchanged by a second run, and correct when a policy needs a sixth version.
 * Needs `apt-get install -y awscli` (the test fails with that hint otherwise). ~1 minute: each CLI
 * call starts a Python process.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreatePolicyVersionCommand, ListPolicyVersionsCommand, GetPolicyVersionCommand } from "@aws-sdk/client-iam";
import { startSandbox, type Sandbox } from "@/sandbox";
import { parseAccessModel } from "@/lib/model";
import type { AccessModel, ObservedState, PolicyDocument } from "@/lib/model/types";
import { lintAccess } from "@/lib/lint";
import { buildReadRolesPolicies, expandGrants, policyArn, policiesEquivalent } from "@/lib/policies";
import { createAwsClients, type AwsClients } from "@/lib/aws/clients";
import { gatherObservedState } from "@/lib/aws/operations/gather-observed-state";
import { createAccessKey } from "@/lib/aws/operations/create-access-key";
import { runRollout } from "@/lib/aws/rollout";
import { buildCliScript } from "./build-cli-script";

// The SDK warns about Node 20 on every client; noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const run = promisify(execFile);
const AWS = "/usr/bin/aws";
const HOME = "111111111111";
const model = parseAccessModel({ homeAccountId: HOME, targetAccountIds: [HOME, "222222222222", "333333333333"], externalId: "sandbox-ext-id-01" });

let sbScript: Sandbox;
let sbPortal: Sandbox;
let work: string;
const clients: AwsClients[] = [];

function homeClients(sb: Sandbox): AwsClients {
  const c = createAwsClients({ endpoint: sb.endpoint, region: "us-east-1", credentials: sb.home, retry: { maxAttempts: 5, throttlingBaseDelayMs: 10, baseDelayMs: 5, maxDelayMs: 100 } });
  clients.push(c);
  return c;
}

async function runScript(sb: Sandbox, m: AccessModel, args: string[] = []): Promise<string> {
  const file = join(work, `setup-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(file, buildCliScript(m));
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    // Isolate the CLI from any configuration on the machine running the tests.
    HOME: work,
    AWS_CONFIG_FILE: join(work, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(work, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_ACCESS_KEY_ID: sb.home.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sb.home.secretAccessKey,
    AWS_ENDPOINT_URL: sb.endpoint,
    AWS_CLI: AWS,
    ASSUME_ROLE_NAME: "OrganizationAccountAccessRole",
    CREDENTIALS_CSV: join(work, "credentials.csv"),
  };
  // Cast: Next augments ProcessEnv with a required NODE_ENV, which a clean child environment lacks on purpose.
  const { stdout } = await run("bash", [file, ...args], { env: env as NodeJS.ProcessEnv, cwd: work, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

async function observe(sb: Sandbox, m: AccessModel): Promise<ObservedState> {
  return gatherObservedState(m, { home: homeClients(sb), access: { targets: { kind: "assume" } } });
}

const grants = (d: PolicyDocument) => [...expandGrants(d).keys()].sort();

/** What matters of an observed state, independent of ids and dates. */
function project(s: ObservedState) {
  const names = (xs: { name: string }[]) => xs.map((x) => x.name).sort();
  const policies = (ps: ObservedState["home"]["policies"]) => ps.map((p) => ({ name: p.name, path: p.path, versions: p.versions.length, grants: grants(p.document) })).sort((a, b) => a.name.localeCompare(b.name));
  return {
    home: {
      user: s.home.user && { name: s.home.user.name, attached: names(s.home.user.attachedPolicies), inline: names(s.home.user.inlinePolicies), groups: names(s.home.user.groups), keys: s.home.user.accessKeys.length },
      policies: policies(s.home.policies),
    },
    targets: s.targets.map((t) => ({
      accountId: t.accountId,
      readError: t.readError?.code,
      role: t.role && { name: t.role.name, path: t.role.path, maxSession: t.role.maxSessionDurationSeconds, trust: grants(t.role.trustPolicy), attached: names(t.role.attachedPolicies), inline: names(t.role.inlinePolicies) },
      policies: policies(t.policies),
    })),
  };
}

const mutating = async (sb: Sandbox) => (await sb.control.requests()).filter((r) => /^(Create|Attach|Put|Update|Delete|Detach|SetDefault)/.test(r.action));

beforeAll(async () => {
  if (!existsSync(AWS)) throw new Error(`${AWS} is missing: apt-get install -y awscli (Debian's AWS CLI 2.9)`);
  work = mkdtempSync(join(tmpdir(), "beaconport-cli-"));
  [sbScript, sbPortal] = await Promise.all([startSandbox({ port: 0, https: false }), startSandbox({ port: 0, https: false })]);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await Promise.all([sbScript?.stop(), sbPortal?.stop()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("aws-cli/setup.sh against the sandbox", () => {
  it("--dry-run changes nothing", async () => {
    await sbScript.control.clearRequests();
    const out = await runScript(sbScript, model, ["--dry-run"]);
    expect(out).toContain("would run");
    expect(await mutating(sbScript)).toEqual([]);
    expect(existsSync(join(work, "credentials.csv"))).toBe(false);
  }, 120_000);

  it("sets everything up: the linter finds nothing, and the state equals the portal's own rollout", async () => {
    const out = await runScript(sbScript, model);
    expect(out).toMatch(/created +policy ListInventoryForFNMS/);
    expect(out).toMatch(/created +role ListEC2ForFNMSRole/);
    expect(out).toMatch(/created +access key AKIA/);
    const fromScript = await observe(sbScript, model);
    expect(lintAccess(model, fromScript)).toEqual([]);

    const home = homeClients(sbPortal);
    const rollout = await runRollout(model, { home, targets: { kind: "assume" } }, { propagation: { windowMs: 3000, initialDelayMs: 20 } });
    expect(rollout.failedAccounts).toEqual([]);
    const key = await createAccessKey(home, { userName: model.names.user, waitUntilUsable: false });
    expect(key.status).toBe("created");
    const fromPortal = await observe(sbPortal, model);

    expect(project(fromScript)).toEqual(project(fromPortal));
  }, 180_000);

  it("writes the access key like the console's CSV, readable only by the owner", () => {
    const csv = readFileSync(join(work, "credentials.csv"), "utf8").split("\n");
    expect(csv[0]).toBe("User name,Password,Access key ID,Secret access key,Console login link");
    expect(csv[1]).toMatch(new RegExp(`^FNMSUser,,AKIA[A-Z0-9]+,[^,]+,https://${HOME}\\.signin\\.aws\\.amazon\\.com/console$`));
    expect(statSync(join(work, "credentials.csv")).mode & 0o077).toBe(0);
  });

  it("a second run changes nothing (and creates no second key)", async () => {
    await sbScript.control.clearRequests();
    const out = await runScript(sbScript, model);
    expect(out).not.toMatch(/^\s+(created|updated|attached|deleted)\s/m);
    expect(out).toMatch(/unchanged +user FNMSUser already has 1 access key/);
    expect(await mutating(sbScript)).toEqual([]);
  }, 180_000);

  it("a changed model gets a new default version, deleting the oldest first when 5 exist", async () => {
    const home = homeClients(sbScript);
    const arn = policyArn(HOME, "/", model.names.readRolesPolicy);
    const current = buildReadRolesPolicies(model)[0]!.document;
    for (let i = 0; i < 4; i++) await home.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(current), SetAsDefault: false }));
    const before = (await home.iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [];
    expect(before).toHaveLength(5);
    const oldestNonDefault = [...before].filter((v) => !v.IsDefaultVersion).sort((a, b) => a.CreateDate!.getTime() - b.CreateDate!.getTime())[0]!.VersionId;

    const grown = parseAccessModel({ ...model, targetAccountIds: [...model.targetAccountIds, "444444444444"] });
    const out = await runScript(sbScript, grown, ["--home-only"]);
    expect(out).toMatch(new RegExp(`deleted +policy ReadRolesForFNMS version ${oldestNonDefault}`));
    expect(out).toMatch(/updated +policy ReadRolesForFNMS \(new default version\)/);

    const after = (await home.iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [];
    expect(after).toHaveLength(5);
    expect(after.map((v) => v.VersionId)).not.toContain(oldestNonDefault);
    const def = after.find((v) => v.IsDefaultVersion)!;
    const doc = (await home.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: def.VersionId }))).PolicyVersion!.Document!;
    expect(policiesEquivalent(JSON.parse(decodeURIComponent(doc)) as PolicyDocument, buildReadRolesPolicies(grown)[0]!.document)).toBe(true);
  }, 180_000);
});
