"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { generateExternalId } from "@/lib/model";
import { parseDraftModel } from "@/lib/connections/draft-model";
import { requireDraft, updateDraftModel } from "@/lib/connections/repository";
import { loadSetupPage } from "../load-setup-page";
import { changesToExistingNames, namesInAws } from "../names-in-aws";
import { parseSettings } from "../settings-form";

const optional = z.string().max(20_000).optional();

/**
 * Saves one card's settings (names of steps 2, 3, 4 and 6, the external ID, the RDS scope). Any change
 * invalidates the last connection test: the beacon details must be tested as they will be used.
 */
export const updateSettingsAction = action(
  {
    schema: z.object({
      connectionId: z.string().min(1).max(64),
      inventoryPolicy: optional,
      readRolesPolicy: optional,
      role: optional,
      user: optional,
      rolePath: optional,
      externalIdMode: z.enum(["keep", "generate", "regenerate", "enter", "none"]).optional(),
      externalId: optional,
      confirmNoExternalId: z.string().max(8).optional(),
      rdsScopeKind: optional,
      rdsPatterns: optional,
    }),
    role: "admin",
    audit: { action: "connection.settings", entityType: "Connection" },
  },
  async (input, ctx) => {
    await requireDraft(input.connectionId);
    const db = getDb();
    const row = await db.connection.findUnique({ where: { id: input.connectionId }, select: { model: true } });
    const current = parseDraftModel(row?.model);
    const parsed = parseSettings(input, current, generateExternalId);
    if (!parsed.ok) throw new AppError("VALIDATION", "Please correct the highlighted fields.", { fieldErrors: parsed.fieldErrors });
    const { connection, context } = await loadSetupPage(input.connectionId, ctx.user);
    const fixed = changesToExistingNames(current, parsed.patch, namesInAws(connection, context.runs));
    if (Object.keys(fixed).length > 0) throw new AppError("VALIDATION", "Names of things that exist in AWS cannot be changed here.", { fieldErrors: fixed });
    const { clearExternalId, ...patch } = parsed.patch;
    const { before, after } = await db.$transaction(async (tx) => {
      const changed = await updateDraftModel(input.connectionId, { ...patch, ...(clearExternalId ? { externalId: undefined } : {}) }, { db: tx });
      await tx.connection.update({ where: { id: input.connectionId }, data: { lastTestStatus: null } });
      return changed;
    });
    ctx.audit({
      entityId: input.connectionId,
      before: { names: before.names, rolePath: before.rolePath, externalId: before.externalId ?? null, noExternalId: before.noExternalId === true, rdsScope: before.rdsScope },
      after: { names: after.names, rolePath: after.rolePath, externalId: after.externalId ?? null, noExternalId: after.noExternalId === true, rdsScope: after.rdsScope },
    });
    revalidatePath(`/connections/${input.connectionId}/setup`);
    return { saved: true };
  },
);
