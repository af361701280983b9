/**
 * The wizard's settings forms (names of step 2, 3, 4 and 6, the external ID, the RDS scope) parsed
 * into a draft-model patch, field by field, with messages keyed by the form's field names. Only the
 * fields a form sends are changed. Pure.
 */
import { externalIdSchema, iamNameSchema, rdsPatternSchema, rolePathSchema, READ_ROLES_POLICY_NAME_MAX } from "@/lib/model";
import type { RdsScope } from "@/lib/model/types";
import type { DraftModel } from "@/lib/connections/types";

export interface SettingsInput {
  inventoryPolicy?: string;
  readRolesPolicy?: string;
  role?: string;
  user?: string;
  rolePath?: string;
  /** "keep" (default), "generate" (only when none is set yet), "regenerate", "enter", "none". */
  externalIdMode?: string;
  externalId?: string;
  /** Must be "yes" with externalIdMode "none": the admin confirmed the warning. */
  confirmNoExternalId?: string;
  rdsScopeKind?: string;
  /** One "region instance-pattern" per line, e.g. "eu-west-1 orcl-*" (or region/instance). */
  rdsPatterns?: string;
}

export type SettingsPatch = Partial<Pick<DraftModel, "names" | "rolePath" | "externalId" | "rdsScope" | "noExternalId">> & { clearExternalId?: boolean };

export const CONFIRM_NO_EXTERNAL_ID_MESSAGE =
  "Confirm that the roles may trust the home account without an external ID (tick the box under the warning), or keep an external ID.";

export function parseSettings(input: SettingsInput, current: DraftModel, generate: () => string): { ok: true; patch: SettingsPatch } | { ok: false; fieldErrors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const patch: SettingsPatch = {};
  const names: NonNullable<DraftModel["names"]> = {};
  const nameFields = [
    ["inventoryPolicy", iamNameSchema("policy")],
    ["readRolesPolicy", iamNameSchema("policy", READ_ROLES_POLICY_NAME_MAX)],
    ["role", iamNameSchema("role")],
    ["user", iamNameSchema("user")],
  ] as const;
  for (const [field, schema] of nameFields) {
    const value = input[field];
    if (value === undefined) continue;
    const r = schema.safeParse(value);
    if (r.success) names[field] = r.data;
    else errors[field] = [r.error.issues[0]?.message ?? "Invalid name."];
  }
  if (Object.keys(names).length > 0) patch.names = names;

  if (input.rolePath !== undefined) {
    const r = rolePathSchema.safeParse(input.rolePath === "" ? "/" : input.rolePath);
    if (r.success) patch.rolePath = r.data;
    else errors.rolePath = [r.error.issues[0]?.message ?? "Invalid path."];
  }

  const mode = input.externalIdMode ?? (input.externalId !== undefined ? "enter" : "keep");
  if (mode === "generate") {
    if (!current.externalId) patch.externalId = generate();
  } else if (mode === "regenerate") {
    patch.externalId = generate();
  } else if (mode === "enter") {
    const r = externalIdSchema.safeParse((input.externalId ?? "").trim());
    if (r.success) patch.externalId = r.data;
    else errors.externalId = [r.error.issues[0]?.message ?? "Invalid external ID."];
  } else if (mode === "none") {
    // Enforced here, on the server: a crafted request without the confirmation is refused too.
    if (input.confirmNoExternalId === "yes") {
      patch.clearExternalId = true;
      patch.noExternalId = true;
    } else errors.confirmNoExternalId = [CONFIRM_NO_EXTERNAL_ID_MESSAGE];
  }
  // An external ID set again ends an earlier "No external ID" choice.
  if (patch.externalId !== undefined && current.noExternalId) patch.noExternalId = undefined;

  if (input.rdsScopeKind !== undefined) {
    if (input.rdsScopeKind === "all") patch.rdsScope = { kind: "all" };
    else if (input.rdsScopeKind === "patterns") {
      const lines = (input.rdsPatterns ?? "").split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
      const patterns: { region: string; instanceName: string }[] = [];
      const bad: string[] = [];
      for (const line of lines) {
        const [region, instanceName, extra] = line.split(/[\s/]+/);
        const r = rdsPatternSchema.safeParse({ region, instanceName });
        if (extra !== undefined || !r.success) bad.push(`"${line}"${r.success ? "" : `: ${r.error.issues[0]?.message ?? ""}`}`);
        else patterns.push(r.data);
      }
      if (bad.length > 0) errors.rdsPatterns = [`Each line is a region (or * or eu-*) and an instance name pattern, e.g. "eu-west-1 orcl-*". Not understood: ${bad.join("; ")}`];
      else if (patterns.length === 0) errors.rdsPatterns = ["Enter at least one line, or choose every DB instance."];
      else patch.rdsScope = { kind: "patterns", patterns } satisfies RdsScope;
    } else errors.rdsScopeKind = ["Choose every DB instance or specific patterns."];
  }
  return Object.keys(errors).length > 0 ? { ok: false, fieldErrors: errors } : { ok: true, patch };
}
