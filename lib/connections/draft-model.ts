/**
 * The draft model stored while the wizard runs, and its conversion to a validated AccessModel.
 * Pure (client-safe): the wizard shows the same issues the server enforces.
 */
import { z } from "zod";
import { safeParseAccessModel } from "@/lib/model";
import type { AccessModel } from "@/lib/model/types";
import type { DraftModel, SetupProgress } from "./types";

const draftSchema = z
  .object({
    connectionName: z.string().optional(),
    homeAccountId: z.string().optional(),
    targetAccountIds: z.array(z.string()).optional(),
    externalId: z.string().optional(),
    noExternalId: z.literal(true).optional(),
    names: z.object({ inventoryPolicy: z.string(), readRolesPolicy: z.string(), role: z.string(), user: z.string() }).partial().optional(),
    rolePath: z.string().optional(),
    regions: z.array(z.string()).optional(),
    rdsScope: z.any().optional(),
    maxSessionDurationSeconds: z.number().optional(),
    proxy: z.object({ server: z.string(), username: z.string().optional() }).optional(),
  })
  .passthrough();

/** Reads the stored JSON leniently: a damaged or old value yields an empty draft, never a crash. */
export function parseDraftModel(text: string | null | undefined): DraftModel {
  if (!text) return {};
  try {
    const parsed = draftSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as DraftModel) : {};
  } catch {
    return {};
  }
}

export function parseProgress(text: string | null | undefined): SetupProgress {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as SetupProgress) : {};
  } catch {
    return {};
  }
}

/** The draft as an access-model input: proxy without password (the password never enters the model JSON). */
export function draftToModelInput(draft: DraftModel, targetAccountIds: string[]): Record<string, unknown> {
  const { noExternalId: _decision, ...rest } = draft;
  const input: Record<string, unknown> = { ...rest, targetAccountIds };
  if (draft.names) input.names = Object.fromEntries(Object.entries(draft.names).filter(([, v]) => v !== undefined && v !== ""));
  if (draft.externalId === "") delete input.externalId;
  return input;
}

/**
 * Whether the draft may become a trust as it is: it has an external ID, or the admin explicitly chose
 * none and confirmed the warning. New drafts get a generated external ID, so only that choice (or a
 * draft from before this rule) leaves it out.
 */
export function externalIdDecided(draft: DraftModel): boolean {
  return (draft.externalId !== undefined && draft.externalId !== "") || draft.noExternalId === true;
}

export function toAccessModel(draft: DraftModel, targetAccountIds: string[]): { ok: true; model: AccessModel } | { ok: false; issues: { path: string; message: string }[] } {
  return safeParseAccessModel(draftToModelInput(draft, targetAccountIds));
}
