"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { startDriftPinpoint } from "@/lib/drift/pinpoint-drift";
import { readSessionCredentials } from "@/lib/connections/session-credentials";
import { LONG_TERM_ACCESS_KEY_ID_PATTERN, pastedCredentialsSchema, toStaticCredentials } from "@/lib/connections/credentials-schema";
import { requireAdminClients, signInForConnection } from "@/lib/connections/admin-access";
import { planAccountsChange, startAccountsChange } from "./change-accounts";
import { planConnectionDelete, startConnectionDelete } from "./delete-connection";
import { planDriftRepair, startDriftRepair } from "@/lib/drift/repair-drift";
import { deleteOldAccessKey, planKeyRotation, startKeyRotation } from "./rotate-access-key";

const connectionId = z.string().min(1).max(64);
const checkbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");
/** Account IDs typed one per line or separated by commas/spaces. */
const accountList = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^\d{12}$/, { error: "Each account ID is 12 digits." })).max(1000));

const managePath = (id: string) => `/connections/${id}/manage`;

export const operateSignInAction = action(
  {
    schema: pastedCredentialsSchema.extend({ connectionId }),
    role: "admin",
    audit: { action: "connection.operate-sign-in", entityType: "Connection" },
  },
  async (input, ctx) => {
    const credentials = toStaticCredentials(input);
    const held = await signInForConnection({ user: ctx.user, connectionId: input.connectionId, credentials });
    ctx.audit({ entityId: input.connectionId, after: { accountId: held.accountId, principalArn: held.principalArn } });
    revalidatePath(managePath(input.connectionId));
    return { principalArn: held.principalArn, expiresAt: held.expiresAt.toISOString() };
  },
);

const accountsSchema = z.object({ connectionId, add: accountList, remove: accountList, deleteRemovedResources: checkbox });

export const planAccountsChangeAction = action({ schema: accountsSchema, role: "admin" }, async (input, ctx) => {
  const admin = await requireAdminClients(ctx.user, input.connectionId);
  return planAccountsChange(input, admin);
});

export const startAccountsChangeAction = action({ schema: accountsSchema, role: "admin", audit: { action: "connection.accounts-change-start", entityType: "Connection" } }, async (input, ctx) => {
  const admin = await requireAdminClients(ctx.user, input.connectionId);
  const { runId } = await startAccountsChange({ ...input, userId: ctx.user.userId, actor: { id: ctx.user.userId, email: ctx.user.email }, ip: ctx.meta.ip }, admin);
  ctx.audit({ entityId: input.connectionId, after: { add: input.add, remove: input.remove, deleteRemovedResources: input.deleteRemovedResources, runId } });
  return { runId };
});

export const planKeyRotationAction = action({ schema: z.object({ connectionId }), role: "admin" }, async (input, ctx) => {
  const admin = await requireAdminClients(ctx.user, input.connectionId);
  return planKeyRotation(input.connectionId, admin);
});

export const startKeyRotationAction = action(
  { schema: z.object({ connectionId, retireKeyId: z.string().trim().optional().transform((v) => (v ? v : undefined)) }), role: "admin", audit: { action: "connection.rotate-key-start", entityType: "Connection" } },
  async (input, ctx) => {
    const admin = await requireAdminClients(ctx.user, input.connectionId);
    const { runId } = await startKeyRotation({ connectionId: input.connectionId, retireKeyId: input.retireKeyId, userId: ctx.user.userId, actor: { id: ctx.user.userId, email: ctx.user.email }, ip: ctx.meta.ip }, admin);
    ctx.audit({ entityId: input.connectionId, after: { retireKeyId: input.retireKeyId ?? null, runId } });
    return { runId };
  },
);

export const deleteOldKeyAction = action(
  { schema: z.object({ connectionId, accessKeyId: z.string().trim().regex(LONG_TERM_ACCESS_KEY_ID_PATTERN), confirm: checkbox.refine((v) => v, { error: "Confirm that the beacon uses the new key." }) }), role: "admin", audit: { action: "connection.access-key-delete", entityType: "Connection" } },
  async (input, ctx) => {
    const admin = await requireAdminClients(ctx.user, input.connectionId);
    const change = await deleteOldAccessKey(input, admin);
    ctx.audit({ entityId: input.connectionId, ...change });
    revalidatePath(managePath(input.connectionId));
    return { deleted: input.accessKeyId };
  },
);

const deleteSchema = z.object({ connectionId, cleanupAws: checkbox, confirmName: z.string().max(200).default("") });

export const planConnectionDeleteAction = action({ schema: deleteSchema, role: "admin" }, async (input) => planConnectionDelete(input.connectionId, input.cleanupAws));

export const deleteConnectionAction = action({ schema: deleteSchema, role: "admin", audit: { action: "connection.delete-start", entityType: "Connection" } }, async (input, ctx) => {
  const held = input.cleanupAws ? await readSessionCredentials(ctx.user.sessionId, input.connectionId) : null;
  const { runId } = await startConnectionDelete({ ...input, userId: ctx.user.userId, actor: { id: ctx.user.userId, email: ctx.user.email }, ip: ctx.meta.ip }, held?.credentials ?? null);
  ctx.audit({ entityId: input.connectionId, after: { cleanupAws: input.cleanupAws, runId } });
  revalidatePath("/connections");
  return { runId };
});

/** Drift findings made precise with the administrator's session credentials (read-only in AWS). */
export const pinpointDriftAction = action({ schema: z.object({ connectionId }), role: "admin", audit: { action: "connection.drift-pinpoint-start", entityType: "Connection" } }, async (input, ctx) => {
  const admin = await requireAdminClients(ctx.user, input.connectionId);
  const { runId } = await startDriftPinpoint({ connectionId: input.connectionId, userId: ctx.user.userId, actor: { id: ctx.user.userId, email: ctx.user.email }, ip: ctx.meta.ip }, admin);
  ctx.audit({ entityId: input.connectionId, after: { runId } });
  return { runId };
});

const repairSchema = z.object({ connectionId, accountIds: accountList });

/** What Repair would change (read-only): the rollout's plan for the chosen accounts, and what it leaves alone. */
export const planDriftRepairAction = action({ schema: repairSchema, role: "admin" }, async (input, ctx) => {
  const admin = await requireAdminClients(ctx.user, input.connectionId);
  return planDriftRepair(input, admin);
});

/** Repair: the rollout for the chosen accounts with the admin's session credentials, then the beacon's test. */
export const startDriftRepairAction = action({ schema: repairSchema, role: "admin", audit: { action: "connection.repair-start", entityType: "Connection" } }, async (input, ctx) => {
  const admin = await requireAdminClients(ctx.user, input.connectionId);
  const { runId } = await startDriftRepair({ ...input, userId: ctx.user.userId, actor: { id: ctx.user.userId, email: ctx.user.email }, ip: ctx.meta.ip }, admin);
  ctx.audit({ entityId: input.connectionId, after: { accountIds: input.accountIds, runId } });
  return { runId };
});
