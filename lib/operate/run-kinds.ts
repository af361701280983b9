/**
 * The run kinds of changes to a saved connection (rotate the key, change accounts, delete): each has
 * an id and a zod schema for the result it stores. Pure (client-safe).
 */
import { z } from "zod";
import { defineRunKind } from "@/lib/runs/run-kind";

const cleanupStepSchema = z.object({ what: z.string(), outcome: z.enum(["deleted", "absent", "kept"]), note: z.string().optional() });
/** What was deleted per account ("home": the home account's user and read-roles policy). */
const cleanupSchema = z.record(z.string(), z.array(cleanupStepSchema));

export const OPERATE_RUN_KINDS = {
  rotateKey: defineRunKind(
    "rotate-key",
    z.union([
      /** The user already had two keys: the administrator chooses which to delete. */
      z.object({
        refused: z.literal(true),
        keys: z.array(z.object({ accessKeyId: z.string(), status: z.enum(["Active", "Inactive"]), createDate: z.string().optional(), lastUsedDate: z.string().optional(), lastUsedService: z.string().optional() })),
        retireSuggestion: z.string(),
      }),
      z.object({ newKeyId: z.string(), oldKeyId: z.string().nullable(), oldKeyStatus: z.literal("Inactive") }),
    ]),
  ),
  changeAccounts: defineRunKind(
    "change-accounts",
    z.union([
      /** The rollout to the added accounts failed: nothing changed. */
      z.object({ rollout: z.string(), failedAccounts: z.array(z.string()) }),
      /** The connection test failed: nothing changed. */
      z.object({ failing: z.array(z.string()), rollout: z.string() }),
      z.object({ added: z.array(z.string()), removed: z.array(z.string()), cleanup: cleanupSchema, stillReachableRemoved: z.array(z.string()), rollout: z.string() }),
    ]),
  ),
  deleteConnection: defineRunKind("delete-connection", z.object({ deleted: z.string(), cleanup: cleanupSchema })),
} as const;
