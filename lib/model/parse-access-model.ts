import type { z } from "zod";
import type { AccessModel } from "./types";
import { accessModelSchema } from "./access-model-schema";
import { ModelValidationError, type ModelIssue } from "./model-validation-error";

const FIELD_LABELS: Record<string, string> = {
  connectionName: "Connection name",
  sourceType: "Source type",
  adapterType: "Adapter type",
  homeAccountId: "Home account ID",
  targetAccountIds: "Target account IDs",
  externalId: "External ID",
  names: "Names",
  "names.inventoryPolicy": "Inventory policy name",
  "names.readRolesPolicy": "Read-roles policy name",
  "names.role": "Role name",
  "names.user": "User name",
  rolePath: "Role path",
  regions: "Regions",
  rdsScope: "RDS scope",
  maxSessionDurationSeconds: "Maximum session duration",
  proxy: "Proxy",
  "proxy.server": "Proxy server",
  "proxy.username": "Proxy username",
  "proxy.password": "Proxy password",
};

export const MODEL_FIELDS = Object.keys(FIELD_LABELS).filter((k) => !k.includes("."));

/** `targetAccountIds[3]`, `rdsScope.patterns[0].region`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

function labelFor(path: string): string {
  const bare = path.replace(/\[\d+\]/g, "");
  const label = FIELD_LABELS[bare] ?? FIELD_LABELS[bare.split(".")[0] ?? ""];
  return label === undefined ? path : `${label} (${path})`;
}

export function issuesFromZod(error: z.ZodError): ModelIssue[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      const where = path === "" ? "the model" : labelFor(path);
      const allowed = path === "" ? ` Allowed fields: ${MODEL_FIELDS.join(", ")}.` : "";
      return { path, message: `Unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")} in ${where}.${allowed}` };
    }
    if (path === "") return { path, message: issue.message.startsWith("Invalid input") ? "The access model must be a JSON object." : issue.message };
    return { path, message: `${labelFor(path)}: ${issue.message}` };
  });
}

/** Validates and completes an access model (defaults filled in); throws `ModelValidationError`. */
export function parseAccessModel(input: unknown): AccessModel {
  const result = accessModelSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ModelValidationError(issuesFromZod(result.error));
}

/** The non-throwing form, for forms that show issues under their fields. */
export function safeParseAccessModel(input: unknown): { ok: true; model: AccessModel } | { ok: false; issues: ModelIssue[] } {
  const result = accessModelSchema.safeParse(input);
  return result.success ? { ok: true, model: result.data } : { ok: false, issues: issuesFromZod(result.error) };
}
