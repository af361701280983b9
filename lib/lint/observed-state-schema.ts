import { z } from "zod";
import type { ObservedState } from "@/lib/model/types";

/**
 * Loose structural check of an observed state read from a file (`npm run lint -- --state`):
 * enough that the linter never trips over a missing list, with messages that name the field.
 * Unknown fields are allowed, so states from newer versions still lint.
 */
const statement = z.looseObject({ Effect: z.enum(["Allow", "Deny"], { error: "Effect is \"Allow\" or \"Deny\"." }) });
const document = z.looseObject({
  Version: z.enum(["2012-10-17", "2008-10-17"], { error: "Version is \"2012-10-17\" or \"2008-10-17\"." }),
  Statement: z.preprocess((v) => (v !== null && typeof v === "object" && !Array.isArray(v) ? [v] : v), z.array(statement, { error: "Statement is a list of statements." })),
});
const attachment = z.looseObject({ name: z.string(), arn: z.string() });
const inline = z.looseObject({ name: z.string(), document });
const managedPolicy = z.looseObject({
  arn: z.string(),
  name: z.string(),
  path: z.string().default("/"),
  defaultVersionId: z.string().default("v1"),
  versions: z.array(z.looseObject({ versionId: z.string(), isDefault: z.boolean() })).default([]),
  document,
});
const group = z.looseObject({ name: z.string(), arn: z.string(), attachedPolicies: z.array(attachment).default([]), inlinePolicies: z.array(inline).default([]) });
const user = z.looseObject({
  name: z.string(),
  arn: z.string(),
  attachedPolicies: z.array(attachment).default([]),
  inlinePolicies: z.array(inline).default([]),
  groups: z.array(group).default([]),
  accessKeys: z.array(z.looseObject({ accessKeyId: z.string(), status: z.enum(["Active", "Inactive"]) })).default([]),
});
const role = z.looseObject({
  name: z.string(),
  arn: z.string(),
  path: z.string().default("/"),
  trustPolicy: document,
  maxSessionDurationSeconds: z.number().int().default(3600),
  attachedPolicies: z.array(attachment).default([]),
  inlinePolicies: z.array(inline).default([]),
});

export const observedStateSchema = z.looseObject({
  home: z.looseObject({ accountId: z.string(), user: user.nullable(), policies: z.array(managedPolicy).default([]) }),
  targets: z.array(
    z.looseObject({
      accountId: z.string(),
      role: role.nullable(),
      policies: z.array(managedPolicy).default([]),
      readError: z.looseObject({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});

export function parseObservedState(input: unknown): { ok: true; state: ObservedState } | { ok: false; issues: string[] } {
  const r = observedStateSchema.safeParse(input);
  // The schema checks the structure the linter walks; loose objects keep extra fields, which the
  // inferred type cannot express as ObservedState, hence the cast.
  if (r.success) return { ok: true, state: r.data as unknown as ObservedState };
  return {
    ok: false,
    issues: r.error.issues.map((i) => `${i.path.map((s) => (typeof s === "number" ? `[${s}]` : `.${String(s)}`)).join("").replace(/^\./, "") || "(state)"}: ${i.message}`),
  };
}
