import { z } from "zod";
import type { AccessModel, ProxySettings, RdsScope } from "./types";
import {
  accountIdSchema,
  adapterTypeSchema,
  connectionNameSchema,
  externalIdSchema,
  iamNameSchema,
  maxSessionSchema,
  proxySchema,
  rdsScopeSchema,
  regionSchema,
  rolePathSchema,
  sourceTypeSchema,
} from "./field-schemas";
import {
  ADAPTER_TYPE,
  DEFAULT_CONNECTION_NAME,
  DEFAULT_MAX_SESSION_SECONDS,
  DEFAULT_NAMES,
  DEFAULT_ROLE_PATH,
  SOURCE_TYPE,
} from "./defaults";
import { DEFAULT_REGIONS } from "./regions";

/** Room for the `-2` ... `-999` suffix of split read-roles policies within IAM's 128 characters. */
export const READ_ROLES_POLICY_NAME_MAX = 124;

/** Accepts a list, or one string separated by commas, semicolons or whitespace (pasted from a spreadsheet). */
const accountListSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[\s,;]+/).filter((s) => s !== "") : v),
  z
    .array(accountIdSchema, { error: "Target account IDs are a list of 12-digit account IDs (at least one)." })
    .min(1, { error: "At least one target account ID is needed (the account(s) holding the inventory role)." })
    // Sorted and de-duplicated: the same accounts in any order must produce byte-identical policies.
    .transform((ids) => [...new Set(ids)].sort()),
);

const namesSchema = z
  .strictObject({
    inventoryPolicy: iamNameSchema("policy").default(DEFAULT_NAMES.inventoryPolicy),
    readRolesPolicy: iamNameSchema("policy", READ_ROLES_POLICY_NAME_MAX).default(DEFAULT_NAMES.readRolesPolicy),
    role: iamNameSchema("role").default(DEFAULT_NAMES.role),
    user: iamNameSchema("user").default(DEFAULT_NAMES.user),
  })
  .prefault({});

const emptyToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

/**
 * The access model: input with defaults → `AccessModel`. Unknown fields are rejected so that a
 * typo in a model file (say `targetAccounts`) cannot silently fall back to a default.
 */
export const accessModelSchema = z
  .strictObject({
    connectionName: connectionNameSchema.default(DEFAULT_CONNECTION_NAME),
    sourceType: sourceTypeSchema.default(SOURCE_TYPE),
    adapterType: adapterTypeSchema.default(ADAPTER_TYPE),
    homeAccountId: accountIdSchema,
    targetAccountIds: accountListSchema,
    externalId: z.preprocess(emptyToUndefined, externalIdSchema.optional()),
    names: namesSchema,
    rolePath: rolePathSchema.default(DEFAULT_ROLE_PATH),
    regions: z
      .array(regionSchema, { error: "Regions are a list such as [\"us-east-1\", \"eu-west-1\"]." })
      .min(1, { error: "At least one region is needed." })
      .transform((rs) => [...new Set(rs)].sort())
      .default(() => [...DEFAULT_REGIONS]),
    rdsScope: rdsScopeSchema.default({ kind: "all" }),
    maxSessionDurationSeconds: maxSessionSchema.default(DEFAULT_MAX_SESSION_SECONDS),
    proxy: z.preprocess(emptyToUndefined, proxySchema.optional()),
  })
  .transform((m): AccessModel => {
    const rdsScope: RdsScope =
      m.rdsScope.kind === "all"
        ? { kind: "all" }
        : {
            kind: "patterns",
            patterns: dedupePatterns(m.rdsScope.patterns),
          };
    const model: AccessModel = {
      connectionName: m.connectionName,
      sourceType: m.sourceType,
      adapterType: m.adapterType,
      homeAccountId: m.homeAccountId,
      targetAccountIds: m.targetAccountIds,
      names: { ...m.names },
      rolePath: m.rolePath,
      regions: m.regions,
      rdsScope,
      maxSessionDurationSeconds: m.maxSessionDurationSeconds,
    };
    // Optional keys are left out rather than set to undefined, so JSON round-trips are stable.
    if (m.externalId !== undefined) model.externalId = m.externalId;
    if (m.proxy !== undefined) model.proxy = m.proxy satisfies ProxySettings;
    return model;
  });

export type AccessModelInput = z.input<typeof accessModelSchema>;

function dedupePatterns(patterns: { region: string; instanceName: string }[]) {
  const seen = new Map<string, { region: string; instanceName: string }>();
  for (const p of patterns) seen.set(`${p.region}\u0000${p.instanceName}`, { region: p.region, instanceName: p.instanceName });
  return [...seen.values()].sort((a, b) => (a.region === b.region ? cmp(a.instanceName, b.instanceName) : cmp(a.region, b.region)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
