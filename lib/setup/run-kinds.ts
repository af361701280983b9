/**
 * The guided setup's run kinds: each has an id (the Run's `kind`) and a zod schema for the result it
 * stores, so a reader (the wizard, the rollout's plan check) parses a result instead of casting it.
 * A result that does not parse reads as "no result". Pure (client-safe).
 */
import { z } from "zod";
import type { AwsErrorCode } from "@/lib/aws/errors";
import { planNoteSchema } from "@/lib/aws/operations/plan-notes";
import type { RolloutPlan } from "@/lib/aws/rollout/types";
import type { Finding } from "@/lib/model/types";

const awsErrorSchema = z.object({
  code: z.custom<AwsErrorCode>((v) => typeof v === "string" && v.startsWith("AWS_")),
  awsCode: z.string(),
  action: z.string().optional(),
  httpStatus: z.number().optional(),
  requestId: z.string().optional(),
  attempts: z.number().optional(),
  gaveUp: z.boolean().optional(),
  message: z.string(),
  cause: z.string(),
  fix: z.string(),
});

const accountPlanSchema = z.object({
  accountId: z.string(),
  kind: z.enum(["home", "target"]),
  changes: z.array(z.object({ kind: z.string(), action: z.string(), arn: z.string(), description: z.string() })),
  planNotes: z.array(planNoteSchema).catch([]),
  notes: z.array(z.string()),
  error: awsErrorSchema.optional(),
  readCalls: z.number(),
  verifiesRole: z.boolean(),
  manual: z.boolean().optional(),
});

const findingSchema = z.object({
  rule: z.string(),
  severity: z.enum(["error", "warning", "info"]),
  step: z.number(),
  accountId: z.string().optional(),
  message: z.string(),
  fix: z.string(),
});

export const SETUP_RUN_KINDS = {
  plan: {
    id: "plan",
    result: z.object({
      fingerprint: z.string(),
      plan: z.object({ homeAccountId: z.string(), accounts: z.array(accountPlanSchema), totalChanges: z.number(), upToDate: z.boolean() }),
    }),
  },
  verify: {
    id: "verify",
    result: z.object({ fingerprint: z.string(), passed: z.boolean(), findings: z.array(findingSchema) }),
  },
} as const;

export type PlanRunResult = { fingerprint: string; plan: RolloutPlan };
export type VerifyRunResult = { fingerprint: string; passed: boolean; findings: Finding[] };

/** A plan run's stored result, or null when there is none or it does not read as one. */
export function planRunResult(value: unknown): PlanRunResult | null {
  const parsed = SETUP_RUN_KINDS.plan.result.safeParse(value);
  return parsed.success ? (parsed.data satisfies PlanRunResult) : null;
}

/** A verify run's stored result, or null when there is none or it does not read as one. */
export function verifyRunResult(value: unknown): VerifyRunResult | null {
  const parsed = SETUP_RUN_KINDS.verify.result.safeParse(value);
  return parsed.success ? (parsed.data satisfies VerifyRunResult) : null;
}
