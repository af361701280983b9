/**
 * The guided setup's run kinds: each has an id (the Run's `kind`) and a zod schema for the result it
 * stores, so a reader (the wizard, the rollout's plan check) parses a result instead of casting it.
 * A result that does not parse reads as "no result". Pure (client-safe).
 */
import { z } from "zod";
import { defineRunKind } from "@/lib/runs/run-kind";
import type { AwsErrorCode } from "@/lib/aws/errors";
import { planNoteSchema } from "@/lib/aws/operations/plan-notes";
import type { RolloutPlan } from "@/lib/aws/rollout/types";
import type { Finding } from "@/lib/model/types";
import { findingSchema } from "@/lib/model/finding-schema";

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


const mergedCountsSchema = z.object({
  portal: z.object({ total: z.number(), done: z.number(), failed: z.number(), running: z.number(), pending: z.number(), fromEarlierRun: z.number() }),
  byHand: z.object({ total: z.number(), verified: z.number(), failed: z.number(), waiting: z.number() }),
});

export const SETUP_RUN_KINDS = {
  plan: defineRunKind(
    "plan",
    z.object({
      fingerprint: z.string(),
      plan: z.object({ homeAccountId: z.string(), accounts: z.array(accountPlanSchema), totalChanges: z.number(), upToDate: z.boolean() }),
    }),
  ),
  verify: defineRunKind("verify", z.object({ fingerprint: z.string(), passed: z.boolean(), findings: z.array(findingSchema) })),
  /** Step 5's rollout: every account of the connection once, merged with earlier runs (rollout-accounts.ts). */
  rollout: defineRunKind(
    "rollout",
    z.object({
      fingerprint: z.string(),
      summary: z.string(),
      changed: z.boolean(),
      nothingChanged: z.boolean(),
      failedAccounts: z.array(z.string()),
      retryOf: z.string().nullable(),
      /** The targets this run processed (a retry: those not done yet); null = every target. */
      only: z.array(z.string()).nullable(),
      counts: mergedCountsSchema,
      accounts: z.array(
        z.object({
          accountId: z.string(),
          kind: z.enum(["home", "target"]),
          source: z.enum(["run", "earlier", "by-hand"]),
          status: z.enum(["done", "failed", "running", "pending"]),
          error: z.string().nullable(),
          changed: z.boolean(),
        }),
      ),
    }),
  ),
} as const;

export type PlanRunResult = { fingerprint: string; plan: RolloutPlan };
export type VerifyRunResult = { fingerprint: string; passed: boolean; findings: Finding[] };
export type RolloutRunResult = z.output<typeof SETUP_RUN_KINDS.rollout.result>;

/** A plan run's stored result, or null when there is none or it does not read as one. */
export function planRunResult(value: unknown): PlanRunResult | null {
  return SETUP_RUN_KINDS.plan.read(value) satisfies PlanRunResult | null;
}

/** A verify run's stored result, or null when there is none or it does not read as one. */
export function verifyRunResult(value: unknown): VerifyRunResult | null {
  return SETUP_RUN_KINDS.verify.read(value) satisfies VerifyRunResult | null;
}

/** A rollout run's stored result, or null when there is none or it does not read as one. */
export function rolloutRunResult(value: unknown): RolloutRunResult | null {
  return SETUP_RUN_KINDS.rollout.read(value);
}
