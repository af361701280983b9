import type { AccessModel } from "@/lib/model/types";
import { INVENTORY_ACTIONS, RDS_ACTION, SID, buildReadRolesPolicies } from "@/lib/policies";
import { inventoryPolicyDescription, provenance, readRolesPolicyDescription } from "./describe";
import { hclString as h } from "./quote";

export interface TerraformFiles {
  "main.tf": string;
  "variables.tf": string;
  "outputs.tf": string;
}

function header(model: AccessModel, what: string): string[] {
  return [`# ${what}`, ...provenance(model).map((l) => `# ${l}`), ""];
}

const PROVIDERS = [
  "terraform {",
  '  required_version = ">= 1.3"',
  "  required_providers {",
  "    aws = {",
  '      source  = "hashicorp/aws"',
  '      version = ">= 4.0"',
  "    }",
  "  }",
  "}",
  "",
];

function list(items: readonly string[], indent: string): string[] {
  return ["[", ...items.map((i) => `${indent}  ${h(i)},`), `${indent}]`];
}

/**
 * Terraform module for one target account (steps 2 and 4): the inventory policy, the role and
 * the attachment. Apply it once per target account with that account's provider (step 5).
 * Written to be `terraform fmt`-clean.
 */
export function buildTargetTerraform(model: AccessModel): TerraformFiles {
  const actions = list(INVENTORY_ACTIONS, "        ");
  const main = [
    ...header(model, "FlexNet Beacon Direct inventory: the policy (procedure step 2) and role (step 4) of ONE target account."),
    ...PROVIDERS,
    'data "aws_caller_identity" "current" {}',
    'data "aws_partition" "current" {}',
    "",
    "locals {",
    "  partition = data.aws_partition.current.partition",
    "  # Step 2.16: the DB instances rds:DescribeDBInstances may see, in this account.",
    "  rds_resources = [",
    "    for p in var.rds_patterns :",
    '    "arn:${local.partition}:rds:${p.region}:${data.aws_caller_identity.current.account_id}:db:${p.instance_name}"',
    "  ]",
    "  # Step 4.3-4.5: trust the home account, with the external ID when one is set.",
    "  trust_statement = merge(",
    "    {",
    `      Sid       = ${h(SID.trust)}`,
    '      Effect    = "Allow"',
    '      Principal = { AWS = "arn:${local.partition}:iam::${var.home_account_id}:root" }',
    '      Action    = "sts:AssumeRole"',
    "    },",
    '    var.external_id == "" ? {} : { Condition = { StringEquals = { "sts:ExternalId" = var.external_id } } },',
    "  )",
    "}",
    "",
    "# Step 2: the read-only inventory policy.",
    'resource "aws_iam_policy" "inventory" {',
    "  name        = var.inventory_policy_name",
    "  path        = var.role_path",
    `  description = ${h(inventoryPolicyDescription())}`,
    "  policy = jsonencode({",
    '    Version = "2012-10-17"',
    "    Statement = [",
    "      {",
    // terraform fmt aligns "=" up to a multi-line value; the attribute after it starts a new group.
    `        Sid    = ${h(SID.inventory)}`,
    '        Effect = "Allow"',
    `        Action = ${actions.join("\n")}`,
    '        Resource = "*"',
    "      },",
    "      {",
    `        Sid      = ${h(SID.rds)}`,
    '        Effect   = "Allow"',
    `        Action   = [${h(RDS_ACTION)}]`,
    "        Resource = local.rds_resources",
    "      },",
    "    ]",
    "  })",
    "}",
    "",
    "# Step 4: the role the collector user assumes.",
    'resource "aws_iam_role" "inventory" {',
    "  name                 = var.role_name",
    "  path                 = var.role_path",
    '  description          = "Assumed by the FlexNet Beacon collector in account ${var.home_account_id} to collect inventory (procedure step 4). Managed by Beaconport."',
    "  max_session_duration = var.max_session_duration",
    "  assume_role_policy = jsonencode({",
    '    Version   = "2012-10-17"',
    "    Statement = [local.trust_statement]",
    "  })",
    "}",
    "",
    "# Step 4.7: attach the inventory policy to the role.",
    'resource "aws_iam_role_policy_attachment" "inventory" {',
    "  role       = aws_iam_role.inventory.name",
    "  policy_arn = aws_iam_policy.inventory.arn",
    "}",
    "",
  ];
  const rdsDefault =
    model.rdsScope.kind === "all"
      ? ['  default = [{ region = "*", instance_name = "*" }]']
      : [
          "  default = [",
          ...model.rdsScope.patterns.map((p) => `    { region = ${h(p.region)}, instance_name = ${h(p.instanceName)} },`),
          "  ]",
        ];
  const variables = [
    ...header(model, "Inputs of the target-account module; defaults come from the access model."),
    'variable "home_account_id" {',
    '  description = "The account holding the collector user, trusted by the role (procedure step 4.4)."',
    "  type        = string",
    `  default     = ${h(model.homeAccountId)}`,
    "",
    "  validation {",
    '    condition     = can(regex("^[0-9]{12}$", var.home_account_id))',
    '    error_message = "home_account_id is exactly 12 digits."',
    "  }",
    "}",
    "",
    'variable "external_id" {',
    '  description = "External ID the role requires (step 4.5), the same in every account and in the beacon\'s connection (step 8.3); empty for none."',
    "  type        = string",
    `  default     = ${h(model.externalId ?? "")}`,
    "",
    "  validation {",
    // Not {2,1224}: Terraform's regex engine (RE2) refuses repeat counts above 1000, and can() turned that into "invalid".
    '    condition     = var.external_id == "" || (length(var.external_id) >= 2 && length(var.external_id) <= 1224 && can(regex("^[A-Za-z0-9_+=,.@:/-]+$", var.external_id)))',
    '    error_message = "external_id is empty or 2-1224 characters of letters, digits and _+=,.@:/-."',
    "  }",
    "}",
    "",
    'variable "role_name" {',
    '  description = "Name of the role the beacon assumes (step 4.9); must match the read-roles policy in the home account."',
    "  type        = string",
    `  default     = ${h(model.names.role)}`,
    "",
    "  validation {",
    '    condition     = can(regex("^[A-Za-z0-9_+=,.@-]{1,64}$", var.role_name))',
    '    error_message = "role_name is 1-64 characters of letters, digits and _+=,.@-."',
    "  }",
    "}",
    "",
    'variable "role_path" {',
    '  description = "IAM path of the role and the policy; part of the role ARN in the read-roles policy."',
    "  type        = string",
    `  default     = ${h(model.rolePath)}`,
    "",
    "  validation {",
    '    condition     = can(regex("^/$|^/[!-~]+/$", var.role_path)) && !can(regex("[*?]", var.role_path))',
    '    error_message = "role_path is / or /name/ without spaces, * or ?."',
    "  }",
    "}",
    "",
    'variable "inventory_policy_name" {',
    '  description = "Name of the read-only inventory policy (step 2.18)."',
    "  type        = string",
    `  default     = ${h(model.names.inventoryPolicy)}`,
    "",
    "  validation {",
    '    condition     = can(regex("^[A-Za-z0-9_+=,.@-]{1,128}$", var.inventory_policy_name))',
    '    error_message = "inventory_policy_name is 1-128 characters of letters, digits and _+=,.@-."',
    "  }",
    "}",
    "",
    'variable "max_session_duration" {',
    '  description = "Maximum session of the role in seconds; the beacon needs at least 3600."',
    "  type        = number",
    `  default     = ${model.maxSessionDurationSeconds}`,
    "",
    "  validation {",
    "    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200",
    '    error_message = "max_session_duration is 3600-43200 seconds."',
    "  }",
    "}",
    "",
    'variable "rds_patterns" {',
    '  description = "Step 2.16: regions and DB instance names (wildcards allowed) rds:DescribeDBInstances may see. Pinned names miss databases created later."',
    "  type = list(object({",
    "    region        = string",
    "    instance_name = string",
    "  }))",
    ...rdsDefault,
    "",
    "  validation {",
    "    condition     = length(var.rds_patterns) > 0",
    '    error_message = "rds_patterns needs at least one entry; { region = \\"*\\", instance_name = \\"*\\" } is every DB instance."',
    "  }",
    "}",
    "",
  ];
  const outputs = [
    ...header(model, "Outputs of the target-account module."),
    'output "role_arn" {',
    '  description = "The exact ARN to list in the home account\'s read-roles policy (step 3.8)."',
    "  value       = aws_iam_role.inventory.arn",
    "}",
    "",
    'output "inventory_policy_arn" {',
    '  description = "ARN of the inventory policy."',
    "  value       = aws_iam_policy.inventory.arn",
    "}",
    "",
  ];
  return { "main.tf": main.join("\n"), "variables.tf": variables.join("\n"), "outputs.tf": outputs.join("\n") };
}

/**
 * Terraform for the home account (steps 3 and 6): the read-roles policies (split as the portal
 * splits them), the collector user and the attachments. No access key: Terraform would keep its
 * secret in the state file; create the key with the CLI script or the console (step 6.8).
 */
export function buildHomeTerraform(model: AccessModel): TerraformFiles {
  const policies = buildReadRolesPolicies(model);
  const main = [
    ...header(model, "FlexNet Beacon Direct: the home account's read-roles policies (procedure step 3) and collector user (step 6)."),
    ...PROVIDERS,
    "locals {",
    "  # Step 3: exact role ARNs only; split over several managed policies when they exceed 6,144 characters.",
    "  read_roles_policies = {",
    ...policies.flatMap((p, i) => [
      `    ${h(p.name)} = {`,
      `      description = ${h(readRolesPolicyDescription(i + 1, policies.length))}`,
      `      document    = ${h(JSON.stringify(p.document))}`,
      "    }",
    ]),
    "  }",
    "}",
    "",
    'resource "aws_iam_policy" "read_roles" {',
    "  for_each    = local.read_roles_policies",
    "  name        = each.key",
    "  path        = var.policy_path",
    "  description = each.value.description",
    "  policy      = each.value.document",
    "}",
    "",
    "# Step 6: the collector user (programmatic access only).",
    'resource "aws_iam_user" "collector" {',
    "  name = var.user_name",
    "}",
    "",
    "# Step 6.5-6.6: attach the managed policies; never an inline policy (the beacon ignores those).",
    'resource "aws_iam_user_policy_attachment" "read_roles" {',
    "  for_each   = aws_iam_policy.read_roles",
    "  user       = aws_iam_user.collector.name",
    "  policy_arn = each.value.arn",
    "}",
    "",
  ];
  const variables = [
    ...header(model, "Inputs of the home-account module; defaults come from the access model."),
    'variable "user_name" {',
    '  description = "The collector user (step 6.2)."',
    "  type        = string",
    `  default     = ${h(model.names.user)}`,
    "",
    "  validation {",
    '    condition     = can(regex("^[A-Za-z0-9_+=,.@-]{1,64}$", var.user_name))',
    '    error_message = "user_name is 1-64 characters of letters, digits and _+=,.@-."',
    "  }",
    "}",
    "",
    'variable "policy_path" {',
    '  description = "IAM path of the read-roles policies."',
    "  type        = string",
    `  default     = ${h(model.rolePath)}`,
    "",
    "  validation {",
    '    condition     = can(regex("^/$|^/[!-~]+/$", var.policy_path))',
    '    error_message = "policy_path is / or /name/ without spaces."',
    "  }",
    "}",
    "",
  ];
  const outputs = [
    ...header(model, "Outputs of the home-account module."),
    'output "user_arn" {',
    '  description = "The collector user; create its access key outside Terraform (step 6.8)."',
    "  value       = aws_iam_user.collector.arn",
    "}",
    "",
    'output "read_roles_policy_arns" {',
    '  description = "The read-roles policies attached to the user."',
    "  value       = [for p in aws_iam_policy.read_roles : p.arn]",
    "}",
    "",
  ];
  return { "main.tf": main.join("\n"), "variables.tf": variables.join("\n"), "outputs.tf": outputs.join("\n") };
}
