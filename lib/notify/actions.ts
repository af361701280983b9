"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { deliverWebhook } from "./deliver-webhook";
import { updateWebhook } from "./update-webhook";
import { webhookUrlSchema } from "./webhook-payload";

const connectionId = z.string().min(1).max(64);
const managePath = (id: string) => `/connections/${id}/manage`;

export const setWebhookAction = action(
  {
    schema: z.object({
      connectionId,
      webhookUrl: z.string().trim().max(2048).optional().transform((v) => (v ? v : undefined)).pipe(webhookUrlSchema.optional()),
      /** Blank: keep the stored secret (only while the URL stays on the same origin: lib/notify/update-webhook.ts). */
      webhookSecret: z.string().optional().transform((v) => (v ? v : undefined)).pipe(z.string().min(16, { error: "Use a signing secret of at least 16 characters." }).max(256).optional()),
      clearSecret: z.union([z.boolean(), z.string()]).optional().transform((v) => v === true || v === "on" || v === "true"),
    }),
    role: "admin",
    audit: { action: "connection.webhook-update", entityType: "Connection" },
  },
  async (input, ctx) => {
    const { before, after } = await updateWebhook(input);
    ctx.audit({ entityId: input.connectionId, before, after });
    revalidatePath(managePath(input.connectionId));
    return { webhookUrl: after.webhookUrl, signed: after.signed };
  },
);

export const sendTestWebhookAction = action({ schema: z.object({ connectionId }), role: "admin", audit: { action: "connection.webhook-test", entityType: "Connection" } }, async (input, ctx) => {
  const row = await getDb().connection.findUnique({ where: { id: input.connectionId }, select: { id: true, name: true, webhookUrl: true } });
  if (!row) throw new AppError("NOT_FOUND", "That connection does not exist.");
  if (!row.webhookUrl) throw new AppError("VALIDATION", "Save a webhook URL first.");
  const result = await deliverWebhook(row.id, { event: "webhook.test", connection: { id: row.id, name: row.name, url: managePath(row.id) }, failedAccounts: [], drift: [], at: new Date().toISOString() });
  ctx.audit({ entityId: row.id, after: { delivered: result?.ok ?? false, status: result?.status ?? null } });
  revalidatePath(managePath(row.id));
  if (!result?.ok) throw new AppError("CONFLICT", `The receiver did not accept the test: ${result?.status ?? "no answer"}.`, { hint: "Check the URL and that the receiver answers 2xx to a JSON POST." });
  return { status: result.status };
});
