/** The drift runs' kinds: pinpoint with administrator access, and repair; ids and result schemas. Pure (client-safe). */
import { z } from "zod";
import { defineRunKind } from "@/lib/runs/run-kind";

export const DRIFT_RUN_KINDS = {
  pinpoint: defineRunKind(
    "drift-pinpoint",
    z.object({
      examined: z.array(z.string()),
      unreadable: z.array(z.object({ accountId: z.string(), code: z.string() })),
      skipped: z.array(z.object({ accountId: z.string(), reason: z.string() })),
      home: z.number(),
      accounts: z.record(z.string(), z.number()),
      before: z.array(z.string()),
      after: z.array(z.string()),
    }),
  ),
  repair: defineRunKind(
    "drift-repair",
    z.object({ repaired: z.array(z.string()), failing: z.array(z.string()), notReached: z.array(z.string()), rollout: z.string() }),
  ),
} as const;
