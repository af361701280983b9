"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { recordAudit } from "@/lib/audit";
import { createDraftConnection } from "../create-draft-connection";

/** "New AWS connection": a draft with the procedure's defaults, then the wizard. */
export const createDraftConnectionAction = action(
  { schema: z.object({ mode: z.enum(["automated", "manual"]).default("automated") }), role: "admin", name: "connection.create" },
  async (input, ctx) => {
    const created = await createDraftConnection({ createdById: ctx.user.userId, mode: input.mode });
    // Audited here rather than by the wrapper: redirect() ends the handler by throwing.
    await recordAudit({
      action: "connection.create",
      actor: { id: ctx.user.userId, email: ctx.user.email },
      entityType: "Connection",
      entityId: created.id,
      after: { name: created.name, mode: input.mode, status: "draft" },
      ip: ctx.meta.ip,
    });
    redirect(`/connections/${created.id}/setup`);
  },
);
