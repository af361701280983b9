"use server";
import { LONG_TERM_ACCESS_KEY_ID_PATTERN } from "@/lib/connections/credentials-schema";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { AppError } from "@/lib/errors";
import { DEFAULT_NAMES } from "@/lib/model";
import { requireSessionCredentials } from "@/lib/connections/aws-access";
import { getConnectionView, requireDraft, updateProgress } from "@/lib/connections/repository";
import { createCollectorKey } from "../create-collector-key";
import { retireAccessKey } from "../retire-access-key";

const connectionId = z.string().min(1).max(64);

async function homeContext(id: string, user: Parameters<typeof getConnectionView>[1] & Parameters<typeof requireSessionCredentials>[0]) {
  await requireDraft(id);
  const view = await getConnectionView(id, user);
  if (view.mode !== "automated") throw new AppError("CONFLICT", "This connection is set up by hand.", { hint: "Create the access key in the IAM console (or with setup.sh) and enter it in step 8." });
  const held = await requireSessionCredentials(user, id);
  const homeAccountId = view.model.homeAccountId ?? held.accountId;
  if (held.accountId !== homeAccountId) throw new AppError("CONFLICT", `The credentials belong to account ${held.accountId}, not the home account ${homeAccountId}.`, { hint: "Sign in again in step 1." });
  return { view, held, homeAccountId, userName: view.model.names?.user ?? DEFAULT_NAMES.user };
}

/**
 * Step 6.8: creates the collector's access key. The secret is in this response only (shown once, and
 * the CSV is built from it in the browser); the database keeps it sealed. The audit names the key ID.
 */
export const createAccessKeyAction = action(
  { schema: z.object({ connectionId }), role: "admin", audit: { action: "connection.access-key.create", entityType: "Connection" } },
  async (input, ctx) => {
    const { held, homeAccountId, userName } = await homeContext(input.connectionId, ctx.user);
    const result = await createCollectorKey({ connectionId: input.connectionId, home: held.credentials, homeAccountId, userName });
    ctx.audit({ entityId: input.connectionId, after: result.status === "created" ? { userName, accessKeyId: result.accessKeyId } : { userName, refused: result.reason } });
    if (result.status === "created") revalidatePath(`/connections/${input.connectionId}/setup`);
    return result;
  },
);

/** The admin picked one of the user's two keys to retire (deactivate, then delete). */
export const retireAccessKeyAction = action(
  {
    schema: z.object({ connectionId, accessKeyId: z.string().regex(LONG_TERM_ACCESS_KEY_ID_PATTERN, { error: "Choose one of the listed access keys." }), confirm: z.literal("on", { error: "Tick the box to confirm: a deleted key cannot be restored." }) }),
    role: "admin",
    audit: { action: "connection.access-key.retire", entityType: "Connection" },
  },
  async (input, ctx) => {
    const { held, userName } = await homeContext(input.connectionId, ctx.user);
    await retireAccessKey({ connectionId: input.connectionId, home: held.credentials, userName, accessKeyId: input.accessKeyId });
    ctx.audit({ entityId: input.connectionId, after: { userName, retired: input.accessKeyId } });
    revalidatePath(`/connections/${input.connectionId}/setup`);
    return { retired: input.accessKeyId };
  },
);

/** Keep an existing key: nothing changes in AWS; step 8 asks for that key and its secret. */
export const skipAccessKeyAction = action(
  { schema: z.object({ connectionId }), role: "admin", audit: { action: "connection.access-key.skip", entityType: "Connection" } },
  async (input, ctx) => {
    await requireDraft(input.connectionId);
    const view = await getConnectionView(input.connectionId, ctx.user);
    const userName = view.model.names?.user ?? DEFAULT_NAMES.user;
    await updateProgress(input.connectionId, { accessKey: { status: "skipped", userName, at: new Date().toISOString() } });
    ctx.audit({ entityId: input.connectionId, after: { userName, skipped: true } });
    revalidatePath(`/connections/${input.connectionId}/setup`);
    return { skipped: true };
  },
);
