import { parse, type Tags } from "yaml";

/**
 * Offline validation of the CloudFormation we generate: YAML with CloudFormation's short-form
 * intrinsic tags, resource types and property names from an allow-list written from the
 * CloudFormation resource reference, every Ref/Sub/GetAtt/If pointing at something that exists,
 * and parameter defaults satisfying their own constraints. It cannot replace CloudFormation's
 * own validation, but catches the misspellings and dangling references it would reject.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const scalarTag = (tag: string, fn: string) => ({ tag, resolve: (s: string) => ({ [fn]: s }) });
const seqTag = (tag: string, fn: string) => ({
  tag,
  collection: "seq" as const,
  resolve: (v: unknown) => ({ [fn]: (v as { toJSON(): unknown }).toJSON() }),
});
const mapTag = (tag: string, fn: string) => ({
  tag,
  collection: "map" as const,
  resolve: (v: unknown) => ({ [fn]: (v as { toJSON(): unknown }).toJSON() }),
});

export const CFN_TAGS: Tags = [
  scalarTag("!Ref", "Ref"),
  scalarTag("!Sub", "Fn::Sub"),
  seqTag("!Sub", "Fn::Sub"),
  scalarTag("!GetAtt", "Fn::GetAtt"),
  seqTag("!GetAtt", "Fn::GetAtt"),
  scalarTag("!Condition", "Condition"),
  scalarTag("!ImportValue", "Fn::ImportValue"),
  scalarTag("!Base64", "Fn::Base64"),
  scalarTag("!GetAZs", "Fn::GetAZs"),
  seqTag("!If", "Fn::If"),
  seqTag("!Not", "Fn::Not"),
  seqTag("!Equals", "Fn::Equals"),
  seqTag("!And", "Fn::And"),
  seqTag("!Or", "Fn::Or"),
  seqTag("!Join", "Fn::Join"),
  seqTag("!Select", "Fn::Select"),
  seqTag("!Split", "Fn::Split"),
  seqTag("!FindInMap", "Fn::FindInMap"),
  seqTag("!Cidr", "Fn::Cidr"),
  mapTag("!Transform", "Fn::Transform"),
];

const TOP_LEVEL = new Set(["AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs"]);
const PARAMETER_KEYS = new Set(["Type", "Default", "Description", "AllowedPattern", "AllowedValues", "ConstraintDescription", "MaxLength", "MinLength", "MaxValue", "MinValue", "NoEcho"]);
const PARAMETER_TYPES = new Set(["String", "Number", "List<Number>", "CommaDelimitedList"]);
const RESOURCE_KEYS = new Set(["Type", "Properties", "DependsOn", "Condition", "DeletionPolicy", "UpdateReplacePolicy", "Metadata"]);
const PSEUDO = new Set(["AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix"]);

interface TypeSpec {
  properties: Record<string, PropSpec>;
  required: string[];
  attributes: string[];
}
/** `true`: any value; an object: nested property names (for lists, of each item). */
type PropSpec = true | { list?: boolean; properties: Record<string, PropSpec>; required?: string[] };

const POLICY_DOCUMENT: PropSpec = {
  properties: {
    Version: true,
    Id: true,
    Statement: {
      list: true,
      properties: { Sid: true, Effect: true, Principal: true, NotPrincipal: true, Action: true, NotAction: true, Resource: true, NotResource: true, Condition: true },
      required: ["Effect"],
    },
  },
  required: ["Statement"],
};

/** From the CloudFormation template reference (AWS::IAM::ManagedPolicy, AWS::IAM::Role, AWS::CloudFormation::StackSet). */
export const CFN_RESOURCE_SPECS: Record<string, TypeSpec> = {
  "AWS::IAM::ManagedPolicy": {
    properties: { Description: true, Groups: true, ManagedPolicyName: true, Path: true, PolicyDocument: POLICY_DOCUMENT, Roles: true, Users: true },
    required: ["PolicyDocument"],
    attributes: ["AttachmentCount", "CreateDate", "DefaultVersionId", "IsAttachable", "PermissionsBoundaryUsageCount", "PolicyArn", "PolicyId", "UpdateDate"],
  },
  "AWS::IAM::Role": {
    properties: {
      AssumeRolePolicyDocument: POLICY_DOCUMENT,
      Description: true,
      ManagedPolicyArns: true,
      MaxSessionDuration: true,
      Path: true,
      PermissionsBoundary: true,
      Policies: { list: true, properties: { PolicyDocument: POLICY_DOCUMENT, PolicyName: true }, required: ["PolicyDocument", "PolicyName"] },
      RoleName: true,
      Tags: { list: true, properties: { Key: true, Value: true }, required: ["Key", "Value"] },
    },
    required: ["AssumeRolePolicyDocument"],
    attributes: ["Arn", "RoleId"],
  },
  "AWS::CloudFormation::StackSet": {
    properties: {
      AdministrationRoleARN: true,
      AutoDeployment: { properties: { DependsOn: true, Enabled: true, RetainStacksOnAccountRemoval: true } },
      CallAs: true,
      Capabilities: true,
      Description: true,
      ExecutionRoleName: true,
      ManagedExecution: { properties: { Active: true } },
      OperationPreferences: {
        properties: {
          ConcurrencyMode: true,
          FailureToleranceCount: true,
          FailureTolerancePercentage: true,
          MaxConcurrentCount: true,
          MaxConcurrentPercentage: true,
          RegionConcurrencyType: true,
          RegionOrder: true,
        },
      },
      Parameters: { list: true, properties: { ParameterKey: true, ParameterValue: true }, required: ["ParameterKey", "ParameterValue"] },
      PermissionModel: true,
      StackInstancesGroup: {
        list: true,
        properties: {
          DeploymentTargets: { properties: { AccountFilterType: true, Accounts: true, AccountsUrl: true, OrganizationalUnitIds: true } },
          ParameterOverrides: { list: true, properties: { ParameterKey: true, ParameterValue: true } },
          Regions: true,
        },
        required: ["DeploymentTargets", "Regions"],
      },
      StackSetName: true,
      Tags: { list: true, properties: { Key: true, Value: true }, required: ["Key", "Value"] },
      TemplateBody: true,
      TemplateURL: true,
    },
    required: ["PermissionModel", "StackSetName"],
    attributes: ["StackSetId"],
  },
};

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** An intrinsic function object (`{ "Ref": ... }`, `{ "Fn::If": ... }`): its shape is not checked against property specs. */
function isIntrinsic(v: unknown): boolean {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === "Ref" || keys[0]!.startsWith("Fn::") || keys[0] === "Condition");
}

function checkProps(value: Json, spec: PropSpec, where: string, errors: string[]) {
  if (spec === true || isIntrinsic(value)) return;
  if (spec.list) {
    if (!Array.isArray(value)) {
      errors.push(`${where} must be a list`);
      return;
    }
    value.forEach((item, i) => checkProps(item, { properties: spec.properties, required: spec.required }, `${where}[${i}]`, errors));
    return;
  }
  if (!isObject(value)) {
    errors.push(`${where} must be a mapping`);
    return;
  }
  for (const k of Object.keys(value)) {
    const sub = spec.properties[k];
    if (sub === undefined) errors.push(`${where}: unknown property ${k} (allowed: ${Object.keys(spec.properties).join(", ")})`);
    else checkProps(value[k] as Json, sub, `${where}.${k}`, errors);
  }
  for (const r of spec.required ?? []) if (!(r in value)) errors.push(`${where}: missing required property ${r}`);
}

/** Walks every intrinsic and checks what it names exists. */
function checkReferences(node: Json, ctx: { params: Set<string>; resources: Map<string, string>; conditions: Set<string> }, where: string, errors: string[]) {
  if (Array.isArray(node)) {
    node.forEach((n, i) => checkReferences(n, ctx, `${where}[${i}]`, errors));
    return;
  }
  if (!isObject(node)) return;
  for (const [k, v] of Object.entries(node)) {
    if (k === "Ref" && typeof v === "string") {
      if (!ctx.params.has(v) && !ctx.resources.has(v) && !PSEUDO.has(v)) errors.push(`${where}: !Ref ${v} names no parameter, resource or pseudo parameter`);
    } else if (k === "Fn::Sub") {
      const text = typeof v === "string" ? v : Array.isArray(v) && typeof v[0] === "string" ? v[0] : null;
      const vars = Array.isArray(v) && isObject(v[1]) ? new Set(Object.keys(v[1])) : new Set<string>();
      if (text === null) errors.push(`${where}: !Sub needs a string`);
      else {
        for (const m of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
          const name = m[1] as string;
          const base = name.split(".")[0] as string;
          if (!vars.has(name) && !ctx.params.has(name) && !PSEUDO.has(name) && !ctx.resources.has(base)) errors.push(`${where}: !Sub variable \${${name}} names nothing`);
        }
      }
    } else if (k === "Fn::GetAtt") {
      const [res, attr] = typeof v === "string" ? (v.split(".", 2) as [string, string | undefined]) : Array.isArray(v) ? [String(v[0]), String(v[1])] : ["", undefined];
      const type = ctx.resources.get(res);
      if (type === undefined) errors.push(`${where}: !GetAtt ${res} names no resource`);
      else if (attr === undefined || !(CFN_RESOURCE_SPECS[type]?.attributes ?? []).includes(attr)) errors.push(`${where}: !GetAtt ${res}.${attr} is not an attribute of ${type}`);
    } else if (k === "Fn::If") {
      if (!Array.isArray(v) || v.length !== 3) errors.push(`${where}: !If takes [condition, then, else]`);
      else if (typeof v[0] !== "string" || !ctx.conditions.has(v[0])) errors.push(`${where}: !If names unknown condition ${String(v[0])}`);
    } else if (k === "Condition" && typeof v === "string" && where.includes("Conditions")) {
      if (!ctx.conditions.has(v)) errors.push(`${where}: Condition ${v} is not defined`);
    }
    checkReferences(v, ctx, `${where}.${k}`, errors);
  }
}

function checkParameterDefault(name: string, p: Record<string, Json>, errors: string[]) {
  const d = p.Default;
  if (d === undefined) return;
  const s = String(d);
  if (typeof p.AllowedPattern === "string" && !new RegExp(p.AllowedPattern).test(s)) errors.push(`Parameters.${name}: Default ${JSON.stringify(s)} does not match AllowedPattern`);
  if (Array.isArray(p.AllowedValues) && !p.AllowedValues.map(String).includes(s)) errors.push(`Parameters.${name}: Default is not one of AllowedValues`);
  if (typeof p.MinValue === "number" && Number(d) < p.MinValue) errors.push(`Parameters.${name}: Default below MinValue`);
  if (typeof p.MaxValue === "number" && Number(d) > p.MaxValue) errors.push(`Parameters.${name}: Default above MaxValue`);
  if (typeof p.MaxLength === "number" && s.length > p.MaxLength) errors.push(`Parameters.${name}: Default longer than MaxLength`);
}

export interface CloudFormationCheck {
  errors: string[];
  template: Record<string, Json> | null;
}

/** Validates a template; a StackSet's TemplateBody is validated too, and its Parameters must exist there. */
export function validateCloudFormation(text: string): CloudFormationCheck {
  const errors: string[] = [];
  let doc: unknown;
  try {
    doc = parse(text, { customTags: CFN_TAGS, strict: true, uniqueKeys: true });
  } catch (e) {
    return { errors: [`YAML: ${(e as Error).message}`], template: null };
  }
  if (!isObject(doc)) return { errors: ["the template is not a mapping"], template: null };
  for (const k of Object.keys(doc)) if (!TOP_LEVEL.has(k)) errors.push(`unknown top-level section ${k}`);
  if (doc.AWSTemplateFormatVersion !== undefined && doc.AWSTemplateFormatVersion !== "2010-09-09") errors.push("AWSTemplateFormatVersion must be \"2010-09-09\"");
  if (typeof doc.Description === "string" && new TextEncoder().encode(doc.Description).length > 1024) errors.push("Description is longer than 1024 bytes");

  const params = isObject(doc.Parameters) ? doc.Parameters : {};
  for (const [name, p] of Object.entries(params)) {
    if (!isObject(p)) {
      errors.push(`Parameters.${name} must be a mapping`);
      continue;
    }
    for (const k of Object.keys(p)) if (!PARAMETER_KEYS.has(k)) errors.push(`Parameters.${name}: unknown key ${k}`);
    if (typeof p.Type !== "string" || (!PARAMETER_TYPES.has(p.Type) && !p.Type.startsWith("AWS::"))) errors.push(`Parameters.${name}: bad Type ${String(p.Type)}`);
    checkParameterDefault(name, p, errors);
  }
  const conditions = new Set(isObject(doc.Conditions) ? Object.keys(doc.Conditions) : []);
  const resources = new Map<string, string>();
  if (!isObject(doc.Resources) || Object.keys(doc.Resources).length === 0) errors.push("Resources must declare at least one resource");
  else {
    for (const [name, r] of Object.entries(doc.Resources)) {
      if (!isObject(r) || typeof r.Type !== "string") {
        errors.push(`Resources.${name}: needs a Type`);
        continue;
      }
      resources.set(name, r.Type);
    }
    for (const [name, r] of Object.entries(doc.Resources)) {
      if (!isObject(r) || typeof r.Type !== "string") continue;
      for (const k of Object.keys(r)) if (!RESOURCE_KEYS.has(k)) errors.push(`Resources.${name}: unknown key ${k}`);
      const spec = CFN_RESOURCE_SPECS[r.Type];
      if (spec === undefined) {
        errors.push(`Resources.${name}: resource type ${r.Type} is not in the allow-list`);
        continue;
      }
      checkProps(r.Properties ?? {}, { properties: spec.properties, required: spec.required }, `Resources.${name}.Properties`, errors);
      if (r.Type === "AWS::CloudFormation::StackSet" && isObject(r.Properties) && typeof r.Properties.TemplateBody === "string") {
        const inner = validateCloudFormation(r.Properties.TemplateBody);
        errors.push(...inner.errors.map((e) => `Resources.${name}.TemplateBody: ${e}`));
        const innerParams = new Set(isObject(inner.template?.Parameters) ? Object.keys(inner.template.Parameters) : []);
        const passed = Array.isArray(r.Properties.Parameters) ? r.Properties.Parameters : [];
        for (const p of passed) if (isObject(p) && typeof p.ParameterKey === "string" && !innerParams.has(p.ParameterKey)) errors.push(`Resources.${name}.Parameters: ${p.ParameterKey} is not a parameter of the TemplateBody`);
      }
    }
  }
  const ctx = { params: new Set(Object.keys(params)), resources, conditions };
  checkReferences((doc.Conditions ?? {}) as Json, ctx, "Conditions", errors);
  checkReferences((doc.Resources ?? {}) as Json, ctx, "Resources", errors);
  checkReferences((doc.Outputs ?? {}) as Json, ctx, "Outputs", errors);
  if (isObject(doc.Outputs)) {
    for (const [name, o] of Object.entries(doc.Outputs)) if (!isObject(o) || o.Value === undefined) errors.push(`Outputs.${name}: needs a Value`);
  }
  return { errors, template: doc };
}
