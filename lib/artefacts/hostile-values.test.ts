/**
 * Nothing an admin copies can run something else (issue 11, item 6). Every snippet and artefact is
 * rendered with hostile values; the shell ones run in bash with a stub `aws` first on PATH that records
 * its argv, the others are parsed back (YAML, JSON, and HCL by HashiCorp's own parser) and compared.
 *
 * Two models: `hostile` passes the model's own validation (an IAM path may hold `$`, backticks, quotes,
 * `;` and `\`: AWS allows them), `raw` does not (names with spaces, quotes and line breaks, as a value
 * read back from AWS or a future relaxed rule might hold): the builders must quote either way.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseHcl } from "@cdktf/hcl2json";
import { parse } from "yaml";
import { childEnv, runWithStubAws } from "@/test/stub-aws";
import { afterAll, describe, expect, it } from "vitest";
import { idealObservedState, lintAccess } from "@/lib/lint";
import { parseAccessModel } from "@/lib/model";
import type { AccessModel, Finding } from "@/lib/model/types";
import { buildInventoryPolicy, buildReadRolesPolicies, buildTrustPolicy, policyArn } from "@/lib/policies";
import { pinpointDrift } from "@/lib/drift/pinpoint-findings";
import { detectDrift } from "@/lib/drift/detect-drift";
import type { AccountPlan } from "@/lib/aws/rollout";
import { noteByHand } from "@/lib/drift/repair-drift";
import { roleDescription } from "./describe";
import { awsCommand, hclString, shellQuote, yamlString } from "./quote";
import { CFN_TAGS, buildArtefacts, cliSnippet } from "./index";

const HOME = "111122223333";
const TARGETS = ["111122223333", "444455556666"];

/** Valid per lib/model (and per AWS's path pattern `^/([\x21-\x7E]+/)?$`), yet full of shell, HCL and YAML syntax. */
const HOSTILE_PATH = "/$(touch${IFS}PWNED1)/`touch${IFS}PWNED2`/a'b\"c;touch${IFS}PWNED3;d\\e/${x}/%{x}/#no-comment/";
const HOSTILE_CONNECTION = `Conn "$(touch PWNED4)" \`touch PWNED5\` 'q' ; \\ \${x} %{x} # : - [x]`;
const hostile = parseAccessModel({
  connectionName: HOSTILE_CONNECTION,
  homeAccountId: HOME,
  targetAccountIds: TARGETS,
  externalId: "ext-id:with/odd=chars,+@.-_",
  rolePath: HOSTILE_PATH,
});

/** Everything a field could hold if validation let it through: spaces, quotes, `$(...)`, line breaks. */
const EVIL = (tag: string) => `${tag} $(touch PWNED6)\`touch PWNED7\`'"; touch PWNED8 \\ \${x} %{x}\nEOF\ntouch PWNED9\nJSON\n`;
const raw: AccessModel = {
  ...hostile,
  connectionName: `${EVIL("conn")}Injected: true\nINJECTED = 1`,
  externalId: EVIL("ext"),
  names: { inventoryPolicy: EVIL("inv"), readRolesPolicy: EVIL("rr"), role: EVIL("role"), user: EVIL("user") },
  rolePath: `/${EVIL("path")}/`,
};

const work = mkdtempSync(join(tmpdir(), "beaconport-hostile-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The value after `flag` in one recorded call. */
const arg = (call: string[], flag: string) => call[call.indexOf(flag) + 1];
const callsOf = (calls: string[][], verb: string) => calls.filter((c) => c[1] === verb);

describe("shell: the generated setup.sh", () => {
  it.each([
    ["valid hostile model", hostile],
    ["raw hostile model", raw],
  ])("%s: every call gets exactly the model's values, nothing else runs", (_, model) => {
    const script = buildArtefacts(model).find((a) => a.path === "aws-cli/setup.sh")!.content;
    const r = runWithStubAws(script, { SKIP_ACCOUNT_CHECK: "1", CREDENTIALS_CSV: "credentials.csv" });
    expect(r.stderr).not.toMatch(/command not found|syntax error/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.files.sort()).toEqual(["credentials.csv"]);

    const targets = model.targetAccountIds;
    const created = callsOf(r.calls, "create-policy");
    for (const [i, account] of targets.entries()) {
      const c = created[i]!;
      expect(arg(c, "--policy-name")).toBe(model.names.inventoryPolicy);
      expect(arg(c, "--path")).toBe(model.rolePath);
      expect(JSON.parse(arg(c, "--policy-document")!)).toEqual(buildInventoryPolicy(model, account));
    }
    const readRoles = buildReadRolesPolicies(model);
    expect(created.slice(targets.length).map((c) => [arg(c, "--policy-name"), arg(c, "--path"), JSON.parse(arg(c, "--policy-document")!)])).toEqual(
      readRoles.map((p) => [p.name, model.rolePath, p.document]),
    );
    const roles = callsOf(r.calls, "create-role");
    expect(roles).toHaveLength(targets.length);
    for (const c of roles) {
      expect(arg(c, "--role-name")).toBe(model.names.role);
      expect(arg(c, "--path")).toBe(model.rolePath);
      expect(arg(c, "--description")).toBe(roleDescription(model));
      expect(JSON.parse(arg(c, "--assume-role-policy-document")!)).toEqual(buildTrustPolicy(model));
    }
    expect(callsOf(r.calls, "attach-role-policy").map((c) => [arg(c, "--role-name"), arg(c, "--policy-arn")])).toEqual(
      targets.map((a) => [model.names.role, policyArn(a, model.rolePath, model.names.inventoryPolicy)]),
    );
    expect(callsOf(r.calls, "create-user").map((c) => arg(c, "--user-name"))).toEqual([model.names.user]);
    expect(callsOf(r.calls, "attach-user-policy").map((c) => [arg(c, "--user-name"), arg(c, "--policy-arn")])).toEqual(
      readRoles.map((p) => [model.names.user, policyArn(HOME, model.rolePath, p.name)]),
    );
    expect(callsOf(r.calls, "create-access-key").map((c) => arg(c, "--user-name"))).toEqual([model.names.user]);
  });
});

describe("shell: the per-step AWS CLI snippets", () => {
  it.each([
    ["valid hostile model", hostile],
    ["raw hostile model", raw],
  ])("%s: steps 2, 3, 4 and 6 call aws with exactly the model's values", (_, model) => {
    const run = (step: number) => {
      const r = runWithStubAws(cliSnippet(model, step)!);
      expect(r.files, `step ${step} created files`).toEqual([]);
      expect(r.status, r.stderr).toBe(0);
      return r.calls;
    };
    const targets = model.targetAccountIds;
    const readRoles = buildReadRolesPolicies(model);
    expect(run(2)).toEqual(
      targets.map((a) => ["iam", "create-policy", "--policy-name", model.names.inventoryPolicy, "--path", model.rolePath, "--policy-document", `file://policies/${model.names.inventoryPolicy}/${a}.json`]),
    );
    expect(run(3)).toEqual(readRoles.map((p) => ["iam", "create-policy", "--policy-name", p.name, "--path", model.rolePath, "--policy-document", `file://policies/${p.name}.json`]));
    expect(run(4)).toEqual(
      targets.flatMap((a) => [
        ["iam", "create-role", "--role-name", model.names.role, "--path", model.rolePath, "--max-session-duration", String(model.maxSessionDurationSeconds), "--assume-role-policy-document", "file://policies/trust-policy.json"],
        ["iam", "attach-role-policy", "--role-name", model.names.role, "--policy-arn", policyArn(a, model.rolePath, model.names.inventoryPolicy)],
      ]),
    );
    expect(run(6)).toEqual([
      ["iam", "create-user", "--user-name", model.names.user],
      ...readRoles.map((p) => ["iam", "attach-user-policy", "--user-name", model.names.user, "--policy-arn", policyArn(HOME, model.rolePath, p.name)]),
      ["iam", "create-access-key", "--user-name", model.names.user],
    ]);
  });

  it("step 5 holds no model value (it names files of the download only)", () => {
    const text = cliSnippet(raw, 5)!;
    for (const v of [raw.rolePath, raw.names.role, raw.names.inventoryPolicy, raw.connectionName]) expect(text).not.toContain(v);
  });
});

describe("shell: quoting primitives", () => {
  const VALUES = ["", "plain", "a b", "it's", `"double"`, "$(touch PWNED)", "`touch PWNED`", "${x}", "%{x}", "a;b", "a\\b", "line\nbreak", "'", "''", "\\'", "!event", "~root", "*", "-n"];
  it("shellQuote: bash reads back every value as one word, unchanged", () => {
    const script = `printf '%s\\0' ${VALUES.map(shellQuote).join(" ")} > .out`;
    const dir = join(work, "printf");
    execFileSync("mkdir", ["-p", dir]);
    execFileSync("bash", ["-c", script], { cwd: dir, env: childEnv({ PATH: "/usr/bin:/bin", x: "EXPANDED" }) });
    expect(readFileSync(join(dir, ".out"), "utf8").split("\0").slice(0, -1)).toEqual(VALUES);
    expect(readdirSync(dir)).toEqual([".out"]);
  });

  it("awsCommand: the argv the stub records is exactly the words given", () => {
    const r = runWithStubAws(awsCommand("iam", "x", ...VALUES, 3600));
    expect(r.calls).toEqual([["iam", "x", ...VALUES, "3600"]]);
    expect(r.files).toEqual([]);
  });
});

/** Findings whose fix ends with an AWS CLI command: that command, run through bash with the stub. */
function runFixes(findings: Finding[]): { fix: string; call: string[] }[] {
  const withCommand = findings.filter((f) => /(?:^|: )aws iam /.test(f.fix));
  return withCommand.map((f) => {
    const command = f.fix.slice(f.fix.search(/(?:^|(?<=: ))aws iam /));
    const r = runWithStubAws(command);
    expect(r.files, `side effect of: ${f.fix}`).toEqual([]);
    expect(r.calls, f.fix).toHaveLength(1);
    return { fix: f.fix, call: r.calls[0]! };
  });
}

describe("shell: fix texts built from values read back from AWS", () => {
  // A name or ARN read back from AWS is not ours: a compromised account could return anything.
  const BAD_ROLE = EVIL("role-from-aws");
  const BAD_ARN = `arn:aws:iam::444455556666:policy${HOSTILE_PATH}Bad$(touch PWNED10)`;
  const BAD_USER = EVIL("user-from-aws");
  const BAD_INLINE = EVIL("inline-from-aws");
  const model = parseAccessModel({ homeAccountId: HOME, targetAccountIds: ["444455556666"], externalId: "ext-0001", rolePath: HOSTILE_PATH });

  it("lint: update-role, attach-role-policy, attach-user-policy, delete-policy-version", () => {
    const observed = structuredClone(idealObservedState(model));
    const target = observed.targets[0]!;
    target.role!.name = BAD_ROLE;
    target.role!.maxSessionDurationSeconds = 900;
    target.role!.attachedPolicies = [];
    target.policies[0]!.arn = BAD_ARN;
    target.policies[0]!.versions = ["v1", "v2", "v3", "v4", "v5"].map((v) => ({ versionId: v, isDefault: v === "v5" }));
    observed.home.user!.name = BAD_USER;
    observed.home.user!.attachedPolicies = [];
    observed.home.policies[0]!.arn = `${BAD_ARN}-home`;
    const calls = runFixes(lintAccess(model, observed)).map((x) => x.call);
    expect(calls).toEqual(
      expect.arrayContaining([
        ["iam", "update-role", "--role-name", BAD_ROLE, "--max-session-duration", "3600"],
        ["iam", "attach-role-policy", "--role-name", BAD_ROLE, "--policy-arn", BAD_ARN],
        ["iam", "attach-user-policy", "--user-name", BAD_USER, "--policy-arn", `${BAD_ARN}-home`],
        ["iam", "delete-policy-version", "--policy-arn", BAD_ARN, "--version-id", "vN"],
      ]),
    );
  });

  it("drift pinpointing: detach-role-policy, delete-role-policy, delete-user-policy, update-access-key", () => {
    const ideal = idealObservedState(model);
    const home = structuredClone(ideal.home);
    home.user!.name = BAD_USER;
    home.user!.inlinePolicies.push({ name: BAD_INLINE, document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] } });
    home.user!.accessKeys = [{ accessKeyId: "AKIAHOSTILE000000001", status: "Inactive" }];
    const target = structuredClone(ideal.targets[0]!);
    target.role!.attachedPolicies.push({ name: "Extra", arn: BAD_ARN });
    target.role!.inlinePolicies.push({ name: BAD_INLINE, document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] } });
    const r = pinpointDrift({ model, accessKeyId: "AKIAHOSTILE000000001", home, targets: [target], previous: { home: [], accounts: {} }, at: new Date("2026-12-01T00:00:00Z") });
    const calls = runFixes([...r.home, ...Object.values(r.accounts).flat()]).map((x) => x.call);
    expect(calls).toEqual(
      expect.arrayContaining([
        ["iam", "detach-role-policy", "--role-name", model.names.role, "--policy-arn", BAD_ARN],
        ["iam", "delete-role-policy", "--role-name", model.names.role, "--policy-name", BAD_INLINE],
        ["iam", "delete-user-policy", "--user-name", BAD_USER, "--policy-name", BAD_INLINE],
        ["iam", "update-access-key", "--user-name", BAD_USER, "--access-key-id", "AKIAHOSTILE000000001", "--status", "Active"],
      ]),
    );
  });

  it("scheduled drift: delete-user-policy for an inline policy the collector found", () => {
    const ideal = idealObservedState(model);
    const home = structuredClone(ideal.home);
    home.user!.name = BAD_USER;
    home.user!.inlinePolicies.push({ name: BAD_INLINE, document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] } });
    const report = detectDrift({
      model,
      accessKeyId: "AKIAHOSTILE000000001",
      test: { checks: [], accounts: [], missingAccounts: [] },
      collector: { home, inlinePoliciesKnown: true, targets: {} },
    });
    const calls = runFixes([...report.home, ...Object.values(report.accounts).flat()]).map((x) => x.call);
    expect(calls).toContainEqual(["iam", "delete-user-policy", "--user-name", BAD_USER, "--policy-name", BAD_INLINE]);
  });

  it("repair: the by-hand commands for what the rollout leaves alone", () => {
    const bad = { ...model, names: { ...model.names, role: BAD_ROLE, user: BAD_USER } };
    const ARN_NOTE = `arn:aws:iam::444455556666:policy/x/$(touch${"${IFS}"}PWNED11)\`touch${"${IFS}"}PWNED12\`'"\\Y`;
    const plan = (accountId: string, kind: "home" | "target"): AccountPlan => ({ accountId, kind, changes: [], planNotes: [], notes: [], readCalls: 0, verifiesRole: false });
    const texts = [
      noteByHand(plan("444455556666", "target"), { kind: "role-policy-attached", roleName: bad.names.role, policyArn: ARN_NOTE }),
      noteByHand(plan(HOME, "home"), { kind: "user-policy-attached", userName: bad.names.user, policyArn: ARN_NOTE }),
      noteByHand(plan(HOME, "home"), { kind: "user-inline-policy", userName: bad.names.user, policyName: `In$(touch${"${IFS}"}PWNED13)'x` }),
    ];
    const calls = runFixes(texts.map((fix) => ({ rule: "note", severity: "info", step: 4, message: "", fix }))).map((x) => x.call);
    expect(calls).toEqual([
      ["iam", "detach-role-policy", "--role-name", BAD_ROLE, "--policy-arn", ARN_NOTE],
      ["iam", "detach-user-policy", "--user-name", BAD_USER, "--policy-arn", ARN_NOTE],
      ["iam", "delete-user-policy", "--user-name", BAD_USER, "--policy-name", "In$(touch${IFS}PWNED13)'x"],
    ]);
  });
});

describe("YAML: CloudFormation and the StackSet parse back to the model's values", () => {
  const parsers: [string, (text: string) => unknown][] = [
    ["YAML 1.2", (t) => parse(t, { customTags: CFN_TAGS })],
    // CloudFormation's own parser follows YAML 1.1, where more characters end a line.
    ["YAML 1.1", (t) => parse(t, { customTags: CFN_TAGS, version: "1.1" })],
  ];
  const expectParams = (template: Record<string, unknown>, model: AccessModel) => {
    const params = template.Parameters as Record<string, { Default: unknown }>;
    expect(params.RolePath!.Default).toBe(model.rolePath);
    expect(params.ExternalId!.Default).toBe(model.externalId);
    expect(params.RoleName!.Default).toBe(model.names.role);
    expect(params.InventoryPolicyName!.Default).toBe(model.names.inventoryPolicy);
    expect(params.HomeAccountId!.Default).toBe(model.homeAccountId);
  };
  it.each(parsers.flatMap(([name, p]) => [[`${name}, valid hostile model`, p, hostile] as const, [`${name}, raw hostile model`, p, raw] as const]))("%s", (_, read, model) => {
    const files = buildArtefacts(model);
    const target = read(files.find((a) => a.path === "cloudformation/target-account.yaml")!.content) as Record<string, unknown>;
    expect(Object.keys(target)).toEqual(["AWSTemplateFormatVersion", "Description", "Parameters", "Conditions", "Resources", "Outputs"]);
    expectParams(target, model);
    const stackSet = read(files.find((a) => a.path === "cloudformation/stackset.yaml")!.content) as Record<string, unknown>;
    expect(Object.keys(stackSet)).toEqual(["AWSTemplateFormatVersion", "Description", "Parameters", "Resources", "Outputs"]);
    expectParams(stackSet, model);
    const body = (stackSet.Resources as { InventoryRoleStackSet: { Properties: { TemplateBody: string } } }).InventoryRoleStackSet.Properties.TemplateBody;
    expectParams(read(body) as Record<string, unknown>, model);
  });

  it("yamlString: every hostile value, NEL and Unicode line separators included, reads back unchanged", () => {
    for (const v of [EVIL("y"), "a\u0085b\u2028c\u2029d", "#x", "- x", ": x", "'x'", "\t"]) {
      expect(parse(`k: ${yamlString(v)}\n`)).toEqual({ k: v });
      expect(parse(`k: ${yamlString(v)}\n`, { version: "1.1" })).toEqual({ k: v });
    }
  });

  it("JSON files: the policies parse back to the builders' documents", () => {
    for (const model of [hostile, raw]) {
      const files = buildArtefacts(model);
      expect(JSON.parse(files.find((a) => a.path === "policies/trust-policy.json")!.content)).toEqual(buildTrustPolicy(model));
      for (const p of buildReadRolesPolicies(model)) expect(JSON.parse(files.find((a) => a.path === `policies/${p.name}.json`)!.content)).toEqual(p.document);
    }
  });
});

describe("HCL: HashiCorp's parser reads the generated strings back as the model's values", () => {
  /**
   * A quoted HCL string is a template: the parser (hcl2json, HashiCorp's hcl/v2 compiled to WebAssembly,
   * so no terraform binary is needed) undoes the backslash escapes and keeps template syntax as written.
   * A literal value may then hold no interpolation or directive (`${` / `%{` not escaped by doubling);
   * the escapes `$${` and `%%{` stand for `${` and `%{`.
   */
  function literal(template: unknown): string {
    if (typeof template !== "string") throw new Error(`not a string: ${JSON.stringify(template)}`);
    // Left to right, as HCL's template scanner reads: an escape first, else an interpolation/directive start.
    let out = "";
    for (let i = 0; i < template.length; ) {
      const three = template.slice(i, i + 3);
      if (three === "$${" || three === "%%{") {
        out += three.slice(1);
        i += 3;
      } else if (template.startsWith("${", i) || template.startsWith("%{", i)) {
        throw new Error(`interpolation in ${JSON.stringify(template)}`);
      } else out += template[i++];
    }
    return out;
  }
  async function hcl(text: string): Promise<Record<string, unknown>> {
    return (await parseHcl("main.tf", text)) as Record<string, unknown>;
  }
  /** Every `default` of the file's variables, as values. */
  async function defaults(text: string): Promise<Record<string, string>> {
    const vars = (await hcl(text)).variable as Record<string, { default?: unknown }[]>;
    return Object.fromEntries(Object.entries(vars).filter(([, [v]]) => typeof v?.default === "string").map(([name, [v]]) => [name, literal(v!.default)]));
  }
  const tfFile = (model: AccessModel, path: string) => buildArtefacts(model).find((a) => a.path === path)!.content;

  it("hclString: every hostile value, `${` and `%{` included, reads back unchanged", async () => {
    const values = [EVIL("h"), "${x}", "%{x}", "$${x}", "%%{x}", "$", "%", "$$", "a$", "\\", "\"", "\r\t\u0001", "${", "%{ if true }x%{ endif }"];
    const locals = (await hcl(`locals {\n${values.map((v, i) => `  v${i} = ${hclString(v)}`).join("\n")}\n}\n`)).locals as Record<string, unknown>[];
    expect(values.map((_, i) => literal(locals[0]![`v${i}`]))).toEqual(values);
  });

  it("the reader refuses what terraform would interpolate (the check above can fail)", () => {
    expect(() => literal("a${x}")).toThrow(/interpolation/);
    expect(() => literal("%{ if x }")).toThrow(/interpolation/);
    expect(() => literal("$${x}${y}")).toThrow(/interpolation/);
    expect(literal("$${x}")).toBe("${x}");
    expect(literal("$$${x}")).toBe("$${x}");
  });

  it.each([
    ["valid hostile model", hostile],
    ["raw hostile model", raw],
  ])("%s: variable defaults and the embedded read-roles documents", async (_, model) => {
    const vars = await defaults(tfFile(model, "terraform/variables.tf"));
    expect({ path: vars.role_path, ext: vars.external_id, role: vars.role_name, inv: vars.inventory_policy_name }).toEqual({ path: model.rolePath, ext: model.externalId, role: model.names.role, inv: model.names.inventoryPolicy });
    const homeVars = await defaults(tfFile(model, "terraform/home-account/variables.tf"));
    expect({ path: homeVars.policy_path, user: homeVars.user_name }).toEqual({ path: model.rolePath, user: model.names.user });
    const locals = (await hcl(tfFile(model, "terraform/home-account/main.tf"))).locals as { read_roles_policies: Record<string, { document: unknown }> }[];
    const policies = locals.find((l) => l.read_roles_policies)!.read_roles_policies;
    expect(Object.fromEntries(Object.entries(policies).map(([k, v]) => [literal(k), JSON.parse(literal(v.document))]))).toEqual(
      Object.fromEntries(buildReadRolesPolicies(model).map((p) => [p.name, p.document])),
    );
  });

  // setup.sh is covered by running it (its single-quoted values may span lines); here the line-based formats.
  it("header comments stay comments whatever the connection name holds", () => {
    for (const a of buildArtefacts(raw).filter((x) => /\.(tf|ya?ml)$/.test(x.path))) {
      for (const line of a.content.split("\n")) expect(line, a.path).not.toMatch(/^\s*(INJECTED|Injected|touch PWNED)/);
    }
  });
});
