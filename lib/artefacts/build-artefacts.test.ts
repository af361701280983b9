import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseAccessModel } from "@/lib/model";
import type { AccessModel, PolicyDocument } from "@/lib/model/types";
import { buildInventoryPolicy, buildReadRolesPolicies, buildTrustPolicy, policiesEquivalent } from "@/lib/policies";
import { expectGolden } from "./expect-golden";
import { CFN_TAGS, artefactsForStep, buildArtefacts, consoleInstructions, validateCloudFormation } from "./index";

const ROOT = join(import.meta.dirname, "..", "..");
const example = parseAccessModel(JSON.parse(readFileSync(join(ROOT, "examples", "model.json"), "utf8")));
const PLANTED = "Planted-Proxy-Pw-7731";
const withSecret = parseAccessModel({
  homeAccountId: "111122223333",
  targetAccountIds: ["111122223333", "444455556666"],
  proxy: { server: "https://proxy.corp:8443", username: "svc-beacon", password: PLANTED },
});
const noExternalId = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["444455556666"], rolePath: "/fnms/", maxSessionDurationSeconds: 7200 });
const patterns = parseAccessModel({
  homeAccountId: "111122223333",
  targetAccountIds: ["444455556666"],
  externalId: "x-1",
  rdsScope: { kind: "patterns", patterns: [{ region: "eu-west-1", instanceName: "orcl-*" }, { region: "*", instanceName: "erp" }] },
});
const big = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: Array.from({ length: 2000 }, (_, i) => String(100000000000 + i * 13)), externalId: "x-1" });
const MODELS: [string, AccessModel][] = [
  ["example", example],
  ["proxy", withSecret],
  ["no external ID", noExternalId],
  ["RDS patterns", patterns],
  ["2,000 accounts", big],
];

const file = (model: AccessModel, path: string) => {
  const a = buildArtefacts(model).find((x) => x.path === path);
  if (a === undefined) throw new Error(`no artefact ${path}`);
  return a.content;
};

/** Resolves the intrinsics our templates use, for one account, so the documents can be compared with the builders'. */
function resolveCfn(node: unknown, params: Record<string, string>, accountId: string): unknown {
  if (Array.isArray(node)) return node.map((n) => resolveCfn(n, params, accountId)).filter((n) => n !== NO_VALUE);
  if (node === null || typeof node !== "object") return node;
  const o = node as Record<string, unknown>;
  const sub = (s: string) => s.replace(/\$\{([^}]+)\}/g, (_, v: string) => (v === "AWS::Partition" ? "aws" : v === "AWS::AccountId" ? accountId : (params[v] ?? `?${v}`)));
  if ("Ref" in o) return o.Ref === "AWS::NoValue" ? NO_VALUE : (params[o.Ref as string] ?? `?${String(o.Ref)}`);
  if ("Fn::Sub" in o) return sub(o["Fn::Sub"] as string);
  if ("Fn::If" in o) {
    const [, yes, no] = o["Fn::If"] as unknown[];
    return resolveCfn(params.ExternalId !== "" ? yes : no, params, accountId);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const r = resolveCfn(v, params, accountId);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}
const NO_VALUE = Symbol("NoValue");

function cfnDefaults(template: Record<string, unknown>): Record<string, string> {
  const params = template.Parameters as Record<string, { Default?: unknown }>;
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v.Default ?? "")]));
}

describe("buildArtefacts", () => {
  it("writes the example's files exactly as reviewed (golden files)", () => {
    for (const a of buildArtefacts(example)) expectGolden(join(import.meta.dirname, "__golden__", "example", a.path), a.content);
  });

  it("lists the expected files", () => {
    expect(buildArtefacts(example).map((a) => a.path)).toEqual([
      "README.md",
      "policies/ListInventoryForFNMS/111122223333.json",
      "policies/ListInventoryForFNMS/222233334444.json",
      "policies/ListInventoryForFNMS/444455556666.json",
      "policies/ReadRolesForFNMS.json",
      "policies/trust-policy.json",
      "aws-cli/setup.sh",
      "cloudformation/target-account.yaml",
      "cloudformation/stackset.yaml",
      "terraform/main.tf",
      "terraform/variables.tf",
      "terraform/outputs.tf",
      "terraform/home-account/main.tf",
      "terraform/home-account/variables.tf",
      "terraform/home-account/outputs.tf",
      "beacon-connection.txt",
      "model.json",
    ]);
    for (const a of buildArtefacts(example)) {
      expect(a.title.length).toBeGreaterThan(3);
      expect(a.description.length).toBeGreaterThan(10);
      expect(a.mediaType).toMatch(/^(application|text)\//);
    }
  });

  it("is deterministic: same model (in any account order) → byte-identical files", () => {
    const shuffled = parseAccessModel({ ...example, targetAccountIds: [...example.targetAccountIds].reverse() });
    expect(JSON.stringify(buildArtefacts(shuffled))).toBe(JSON.stringify(buildArtefacts(example)));
  });

  it("never contains the proxy password", () => {
    for (const a of buildArtefacts(withSecret)) expect(a.content, a.path).not.toContain(PLANTED);
    for (let step = 1; step <= 8; step++) {
      for (const a of artefactsForStep(withSecret, step)) expect(a.content).not.toContain(PLANTED);
      expect(consoleInstructions(withSecret, step).join("\n")).not.toContain(PLANTED);
    }
    const exported = JSON.parse(file(withSecret, "model.json"));
    expect(exported.proxy).toEqual({ server: "https://proxy.corp:8443", username: "svc-beacon" });
    expect(file(withSecret, "beacon-connection.txt")).toContain("Password:           (the proxy password; not exported)");
  });

  it.each(MODELS)("%s: the policy files are the builders' documents, and model.json re-parses to the model", (_, model) => {
    for (const id of model.targetAccountIds.slice(0, 5)) expect(JSON.parse(file(model, `policies/${model.names.inventoryPolicy}/${id}.json`))).toEqual(buildInventoryPolicy(model, id));
    for (const p of buildReadRolesPolicies(model)) expect(JSON.parse(file(model, `policies/${p.name}.json`))).toEqual(p.document);
    expect(JSON.parse(file(model, "policies/trust-policy.json"))).toEqual(buildTrustPolicy(model));
    const { proxy: _proxy, ...rest } = model;
    const reparsed = parseAccessModel(JSON.parse(file(model, "model.json")));
    expect({ ...reparsed, proxy: undefined }).toEqual({ ...rest, proxy: undefined });
  });
});

describe("CloudFormation", () => {
  it.each(MODELS)("%s: both templates pass the offline validation", (_, model) => {
    expect(validateCloudFormation(file(model, "cloudformation/target-account.yaml")).errors).toEqual([]);
    expect(validateCloudFormation(file(model, "cloudformation/stackset.yaml")).errors).toEqual([]);
  });

  it.each(MODELS)("%s: the template's documents are the portal's, resolved for an account", (_, model) => {
    const t = parse(file(model, "cloudformation/target-account.yaml"), { customTags: CFN_TAGS }) as Record<string, unknown>;
    const params = cfnDefaults(t);
    const accountId = model.targetAccountIds[0]!;
    const resources = resolveCfn(t.Resources, params, accountId) as Record<string, { Properties: Record<string, unknown> }>;
    expect(policiesEquivalent(resources.InventoryPolicy!.Properties.PolicyDocument as PolicyDocument, buildInventoryPolicy(model, accountId))).toBe(true);
    expect(policiesEquivalent(resources.InventoryRole!.Properties.AssumeRolePolicyDocument as PolicyDocument, buildTrustPolicy(model))).toBe(true);
    expect(params).toMatchObject({ HomeAccountId: model.homeAccountId, ExternalId: model.externalId ?? "", RoleName: model.names.role, RolePath: model.rolePath, MaxSessionDuration: String(model.maxSessionDurationSeconds) });
    // The StackSet deploys exactly the single-account template.
    const s = parse(file(model, "cloudformation/stackset.yaml"), { customTags: CFN_TAGS }) as { Resources: { InventoryRoleStackSet: { Properties: { TemplateBody: string } } } };
    expect(s.Resources.InventoryRoleStackSet.Properties.TemplateBody).toBe(file(model, "cloudformation/target-account.yaml"));
  });

  it("the validator catches misspelt properties and types, dangling references and bad defaults", () => {
    const t = file(example, "cloudformation/target-account.yaml");
    const errors = (mutated: string) => validateCloudFormation(mutated).errors.join("\n");
    expect(errors(t.replace("ManagedPolicyArns:", "ManagedPolicyARNs:"))).toMatch(/unknown property ManagedPolicyARNs/);
    expect(errors(t.replace("AWS::IAM::ManagedPolicy", "AWS::IAM::ManagedPolicies"))).toMatch(/not in the allow-list/);
    expect(errors(t.replace("!Ref InventoryPolicyName", "!Ref InventoryPolicyNam"))).toMatch(/!Ref InventoryPolicyNam names no/);
    expect(errors(t.replace("${HomeAccountId}:root", "${HomeAccount}:root"))).toMatch(/\$\{HomeAccount\} names nothing/);
    expect(errors(t.replace("InventoryRole.Arn", "InventoryRole.ARN"))).toMatch(/not an attribute/);
    expect(errors(t.replace("- HasExternalId", "- HasExternalID"))).toMatch(/unknown condition HasExternalID/);
    expect(errors(t.replace('Default: "111122223333"', 'Default: "1111"'))).toMatch(/does not match AllowedPattern/);
    expect(errors(t.replace("    Properties:\n      ManagedPolicyName", "    Properties:\n      ManagedPolicyName: x\n      ManagedPolicyName"))).toMatch(/YAML/);
    expect(errors(file(example, "cloudformation/stackset.yaml").replace("PermissionModel: SERVICE_MANAGED", "PermissionModels: SERVICE_MANAGED"))).toMatch(/unknown property PermissionModels[\s\S]*missing required property PermissionModel/);
  });

  it("the StackSet is service-managed, deploys automatically, in one region, with named-IAM capability", () => {
    const s = parse(file(example, "cloudformation/stackset.yaml"), { customTags: CFN_TAGS }) as { Resources: { InventoryRoleStackSet: { Properties: Record<string, unknown> } } };
    const p = s.Resources.InventoryRoleStackSet.Properties;
    expect(p.PermissionModel).toBe("SERVICE_MANAGED");
    expect(p.AutoDeployment).toEqual({ Enabled: true, RetainStacksOnAccountRemoval: false });
    expect(p.Capabilities).toEqual(["CAPABILITY_NAMED_IAM"]);
    expect(p.StackInstancesGroup).toEqual([{ DeploymentTargets: { OrganizationalUnitIds: { Ref: "OrganizationalUnitIds" } }, Regions: [{ Ref: "AWS::Region" }] }]);
    expect(p.StackSetName).toMatch(/^[a-zA-Z][a-zA-Z0-9-]{0,127}$/);
  });
});

describe("Terraform", () => {
  const terraform = ["/usr/local/bin/terraform", "/usr/bin/terraform"].find((p) => existsSync(p));

  it("the machine has terraform for the fmt check", () => {
    expect(terraform, "terraform is expected at /usr/local/bin/terraform on this machine image").toBeDefined();
  });

  it.each(MODELS)("%s: the generated files are terraform fmt-clean", (_, model) => {
    const dir = mkdtempSync(join(tmpdir(), "beaconport-tf-"));
    try {
      for (const a of buildArtefacts(model).filter((x) => x.path.startsWith("terraform/"))) {
        mkdirSync(dirname(join(dir, a.path)), { recursive: true });
        writeFileSync(join(dir, a.path), a.content);
      }
      // fmt needs no providers and no network; `terraform validate` would, so it is not run.
      execFileSync(terraform!, ["fmt", "-check", "-diff", "-recursive", dir], { env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" }, stdio: "pipe" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(MODELS)("%s: the home module embeds exactly the split read-roles policies", (_, model) => {
    const main = file(model, "terraform/home-account/main.tf");
    const docs = [...main.matchAll(/^ {6}document {4}= "((?:[^"\\]|\\.)*)"$/gm)].map((m) => JSON.parse(JSON.parse(`"${m[1]}"`)) as PolicyDocument);
    expect(docs).toEqual(buildReadRolesPolicies(model).map((p) => p.document));
  });

  it("uses the model's values as variable defaults and encodes the resources the brief names", () => {
    const vars = file(noExternalId, "terraform/variables.tf");
    expect(vars).toContain('default     = "111122223333"');
    expect(vars).toContain('default     = "/fnms/"');
    expect(vars).toContain("default     = 7200");
    expect(vars).toMatch(/variable "external_id" \{[^}]*default {5}= ""/);
    const main = file(example, "terraform/main.tf");
    for (const r of ['resource "aws_iam_policy" "inventory"', 'resource "aws_iam_role" "inventory"', 'resource "aws_iam_role_policy_attachment" "inventory"']) expect(main).toContain(r);
  });
});

describe("AWS CLI script", () => {
  it.each(MODELS)("%s: bash -n accepts it", (_, model) => {
    const dir = mkdtempSync(join(tmpdir(), "beaconport-sh-"));
    try {
      writeFileSync(join(dir, "setup.sh"), file(model, "aws-cli/setup.sh"));
      execFileSync("bash", ["-n", join(dir, "setup.sh")], { stdio: "pipe" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(MODELS)("%s: embeds the builders' documents", (_, model) => {
    const script = file(model, "aws-cli/setup.sh");
    const heredoc = (name: string) => {
      const m = new RegExp(`^${name}="\\$\\(cat <<'JSON'\\n([\\s\\S]*?)\\nJSON\\n\\)"$`, "m").exec(script);
      if (m === null) throw new Error(`no ${name}`);
      return m[1]!;
    };
    const id = model.targetAccountIds[0]!;
    expect(JSON.parse(heredoc("INVENTORY_POLICY_TEMPLATE").replaceAll("__ACCOUNT_ID__", id))).toEqual(buildInventoryPolicy(model, id));
    expect(JSON.parse(heredoc("TRUST_POLICY"))).toEqual(buildTrustPolicy(model));
    buildReadRolesPolicies(model).forEach((p, i) => expect(JSON.parse(heredoc(`READ_ROLES_POLICY_${i + 1}`))).toEqual(p.document));
  });

  it("attaches managed policies only, maps comments to steps, honours the endpoint and writes the console's CSV header", () => {
    const script = file(example, "aws-cli/setup.sh");
    expect(script).not.toMatch(/put-user-policy|put-role-policy|put-group-policy/);
    expect(script).toMatch(/^set -euo pipefail$/m);
    for (const step of [2, 3, 4, 5, 6, 8]) expect(script).toMatch(new RegExp(`# Step ${step}\\b`));
    expect(script).toContain('ENDPOINT_ARGS=(--endpoint-url "$AWS_ENDPOINT_URL")');
    expect(script).toContain("CSV_HEADER='User name,Password,Access key ID,Secret access key,Console login link'");
    expect(script).toContain("--set-as-default");
    expect(script).toContain("IsDefaultVersion==`false`");
  });
});

describe("per-step artefacts and console instructions", () => {
  it("gives each step its own documents and commands", () => {
    const paths = (step: number) => artefactsForStep(example, step).map((a) => a.path);
    expect(paths(1)).toEqual([]);
    expect(paths(2)).toEqual([...example.targetAccountIds.map((id) => `policies/ListInventoryForFNMS/${id}.json`), "aws-cli/step-2.sh"]);
    expect(paths(3)).toEqual(["policies/ReadRolesForFNMS.json", "aws-cli/step-3.sh"]);
    expect(paths(4)).toEqual(["policies/trust-policy.json", "aws-cli/step-4.sh", "cloudformation/target-account.yaml"]);
    expect(paths(5)).toEqual(["aws-cli/step-5.sh", "cloudformation/stackset.yaml"]);
    expect(paths(6)).toEqual(["aws-cli/step-6.sh"]);
    expect(paths(7)).toEqual([]);
    expect(paths(8)).toEqual(["beacon-connection.txt"]);
    expect(paths(3).length).toBeLessThan(artefactsForStep(big, 3).length);
    for (let step = 2; step <= 6; step++) {
      for (const a of artefactsForStep(example, step).filter((x) => x.path.endsWith(".sh"))) {
        expect(a.content).not.toContain("put-user-policy");
        const dir = mkdtempSync(join(tmpdir(), "beaconport-step-"));
        try {
          writeFileSync(join(dir, "s.sh"), a.content);
          execFileSync("bash", ["-n", join(dir, "s.sh")], { stdio: "pipe" });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
  });

  it("fills the model's names into the console instructions of every step", () => {
    const m = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["444455556666"], names: { inventoryPolicy: "InvPol", readRolesPolicy: "ReadPol", role: "InvRole", user: "Collector" }, externalId: "e-1" });
    const text = (s: number) => consoleInstructions(m, s).join("\n");
    expect(text(1)).toContain("111122223333");
    expect(text(2)).toContain("InvPol");
    expect(text(2)).toContain("arn:aws:rds:*:444455556666:db:*");
    expect(text(3)).toContain("ReadPol");
    expect(text(3)).toContain("arn:aws:iam::444455556666:role/InvRole");
    expect(text(3)).toMatch(/Never choose All resources/);
    expect(text(4)).toMatch(/InvRole[\s\S]*|Require external ID/);
    expect(text(4)).toContain("Require external ID");
    expect(text(5)).toContain("444455556666");
    expect(text(6)).toContain("Collector");
    expect(text(6)).toMatch(/Do not add an inline policy/);
    expect(text(7)).toContain("AWS imports");
    expect(text(8)).toContain("Direct");
    expect(text(8)).toContain("e-1");
    expect(consoleInstructions(m, 9)).toEqual([]);
    expect(consoleInstructions(big, 3).join("\n")).toMatch(/create 18 policies, ReadRolesForFNMS, ReadRolesForFNMS-2/);
  });
});

describe("2,000 accounts", () => {
  // Its speed (target: well under a second) is measured by `npm run bench:artefacts`, not asserted here.
  it("exports one inventory policy per account and the split read-roles policies", () => {
    const files = buildArtefacts(big);
    // 2,000 inventory policies, 18 read-roles parts, the trust policy, and 12 others (README, script, 2 templates, 6 .tf, connection, model).
    expect(files.length).toBe(2000 + 18 + 1 + 12);
  });
});
