import type { AccessModel } from "@/lib/model/types";
import { buildInventoryPolicy, buildReadRolesPolicies, buildTrustPolicy } from "@/lib/policies";
import type { Artefact } from "./types";
import { artefactPaths } from "./paths";
import { pretty } from "./quote";
import { buildCliScript, connectionLines } from "./build-cli-script";
import { buildStackSetTemplate, buildTargetAccountTemplate } from "./build-cloudformation";
import { buildHomeTerraform, buildTargetTerraform } from "./build-terraform";
import { buildReadme } from "./build-readme";

const JSON_TYPE = "application/json";
const YAML_TYPE = "application/yaml";
const SH_TYPE = "text/x-shellscript";
const TF_TYPE = "text/plain";
const MD_TYPE = "text/markdown";
const TXT_TYPE = "text/plain";

/** The model as exported: the proxy password is a secret and never leaves the portal in a file. */
export function exportableModel(model: AccessModel): AccessModel {
  if (model.proxy?.password === undefined) return model;
  const { password: _omitted, ...proxy } = model.proxy;
  return { ...model, proxy };
}

/** Policy JSON files (steps 2-4). */
export function policyArtefacts(model: AccessModel): Artefact[] {
  const p = artefactPaths(model);
  const readRoles = buildReadRolesPolicies(model);
  return [
    ...model.targetAccountIds.map((id) => ({
      path: p.inventoryPolicy(id),
      title: `${model.names.inventoryPolicy} for ${id}`,
      description: `Step 2: the read-only inventory policy of target account ${id}.`,
      mediaType: JSON_TYPE,
      content: pretty(buildInventoryPolicy(model, id)),
    })),
    ...readRoles.map((rp, i) => ({
      path: p.readRolesPolicy(rp.name),
      title: rp.name,
      description: `Step 3: the home account's read-roles policy${readRoles.length > 1 ? ` (part ${i + 1} of ${readRoles.length})` : ""}, sts:AssumeRole on ${rp.roleArns.length} exact role ARN(s).`,
      mediaType: JSON_TYPE,
      content: pretty(rp.document),
    })),
    {
      path: p.trustPolicy,
      title: `Trust policy of ${model.names.role}`,
      description: "Step 4: who may assume the role (the home account), the same in every target account.",
      mediaType: JSON_TYPE,
      content: pretty(buildTrustPolicy(model)),
    },
  ];
}

export function connectionArtefact(model: AccessModel): Artefact {
  return {
    path: artefactPaths(model).connection,
    title: "Beacon connection settings",
    description: "Step 8: what to enter in FlexNet Beacon's connection dialog.",
    mediaType: TXT_TYPE,
    content: `${["FlexNet Beacon > Inventory Systems > New > PowerShell", "", ...connectionLines(model)].join("\n")}\n`,
  };
}

/**
 * Every artefact for admins who set things up themselves, generated from one model. Deterministic:
 * the same model gives byte-identical files, in a stable order.
 */
export function buildArtefacts(model: AccessModel): Artefact[] {
  const p = artefactPaths(model);
  const tfTarget = buildTargetTerraform(model);
  const tfHome = buildHomeTerraform(model);
  return [
    {
      path: p.readme,
      title: "README",
      description: "What each file is, which procedure step it covers, and how to use it.",
      mediaType: MD_TYPE,
      content: buildReadme(model),
    },
    ...policyArtefacts(model),
    {
      path: p.cliScript,
      title: "AWS CLI script",
      description: "Steps 2-6 as an idempotent bash script (dry-run option, endpoint override, credentials per account).",
      mediaType: SH_TYPE,
      content: buildCliScript(model),
    },
    {
      path: p.targetTemplate,
      title: "CloudFormation: one target account",
      description: "Steps 2 and 4: the inventory policy and role, parameters for the home account and external ID.",
      mediaType: YAML_TYPE,
      content: buildTargetAccountTemplate(model),
    },
    {
      path: p.stackSet,
      title: "CloudFormation StackSet: the organization",
      description: "Steps 2, 4 and 5 across every account of the chosen OUs (service-managed, automatic deployment).",
      mediaType: YAML_TYPE,
      content: buildStackSetTemplate(model),
    },
    ...(Object.entries(tfTarget) as [string, string][]).map(([name, content]) => ({
      path: `${p.terraformTarget}/${name}`,
      title: `Terraform: target account (${name})`,
      description: "Steps 2 and 4 as a Terraform module, applied once per target account.",
      mediaType: TF_TYPE,
      content,
    })),
    ...(Object.entries(tfHome) as [string, string][]).map(([name, content]) => ({
      path: `${p.terraformHome}/${name}`,
      title: `Terraform: home account (${name})`,
      description: "Steps 3 and 6 as Terraform: the read-roles policies and the user (no access key).",
      mediaType: TF_TYPE,
      content,
    })),
    connectionArtefact(model),
    {
      path: p.model,
      title: "Access model",
      description: "The model these files were generated from (no proxy password), for `npm run export` and `npm run lint`.",
      mediaType: JSON_TYPE,
      content: pretty(exportableModel(model)),
    },
  ];
}
