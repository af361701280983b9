"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { accountIdSchema } from "@/lib/model";
import type { StaticCredentials } from "@/lib/aws/clients";
import { checkHomeAccess, type HomeAccessCheck } from "../check-home-access";
import { clientsFor, DEFAULT_ADMIN_ROLE, requireSessionCredentials } from "@/lib/connections/aws-access";
import { getConnectionView, requireDraft, updateDraftModel, updateProgress } from "@/lib/connections/repository";
import { forgetSessionCredentials, storeSessionCredentials } from "@/lib/connections/session-credentials";
import { pastedCredentialsSchema, toStaticCredentials } from "@/lib/connections/credentials-schema";
import type { ConnectionView } from "@/lib/connections/types";

const connectionId = z.string().min(1).max(64);

const signInSchema = pastedCredentialsSchema.extend({ connectionId });

function setupPath(id: string): string {
  return `/connections/${id}/setup`;
}

/** The pasted identity's check: who it is, and which of the setup's actions it may not perform. */
async function checkCredentials(view: ConnectionView, credentials: StaticCredentials): Promise<HomeAccessCheck> {
  const clients = clientsFor(credentials);
  try {
    // Targets added since step 1 are reached through their administrator role: check those AssumeRoles too.
    const adminRoleArns = view.targets
      .filter((t) => t.accessMethod === "assume" && t.accountId !== view.model.homeAccountId)
      .map((t) => `arn:aws:iam::${t.accountId}:role/${t.adminRoleName ?? DEFAULT_ADMIN_ROLE}`);
    return await checkHomeAccess(clients, { draft: view.model, adminRoleArns });
  } finally {
    clients.destroy();
  }
}

/** Refused credentials are shown under the key field too (the message says why, above the form). */
const REFUSED_CREDENTIALS = { AWS_INVALID_CREDENTIALS: { accessKeyId: ["AWS did not accept these credentials (see above)."] } };

function signInProgress(check: HomeAccessCheck) {
  return { mode: "automated" as const, accountId: check.accountId, principalArn: check.principalArn, checkedAt: new Date().toISOString(), missing: check.missing, ...(check.checkNote ? { checkNote: check.checkNote } : {}) };
}

/**
 * Step 1, automated: check who the credentials belong to and what they may do, then keep them in the
 * sealed session cookie only. The audit event names the identity, never the keys.
 */
export const signInAutomatedAction = action(
  { schema: signInSchema, role: "admin", audit: { action: "setup.sign-in", entityType: "Connection" }, awsFieldErrors: REFUSED_CREDENTIALS },
  async (input, ctx) => {
    await requireDraft(input.connectionId);
    const view = await getConnectionView(input.connectionId, ctx.user);
    const credentials = toStaticCredentials(input);
    const check = await checkCredentials(view, credentials);
    await storeSessionCredentials({ sessionId: ctx.user.sessionId, connectionId: input.connectionId, credentials, accountId: check.accountId, principalArn: check.principalArn });
    const db = getDb();
    await db.$transaction(async (tx) => {
      const { before } = await updateDraftModel(input.connectionId, { homeAccountId: check.accountId }, { db: tx });
      await updateProgress(input.connectionId, { signIn: signInProgress(check) }, { db: tx });
      await tx.connection.update({
        where: { id: input.connectionId },
        data: { mode: "automated", ...(before.homeAccountId !== check.accountId ? { lastTestStatus: null } : {}) },
      });
    });
    ctx.audit({ entityId: input.connectionId, after: { mode: "automated", accountId: check.accountId, principalArn: check.principalArn, missingPermissions: check.missing.length } });
    revalidatePath(setupPath(input.connectionId));
    return check;
  },
);

/**
 * "Check again": the admin granted what step 1 said was missing (or added target accounts, whose
 * administrator roles must be assumable): simulate again with the credentials held for this session.
 */
export const recheckPermissionsAction = action(
  { schema: z.object({ connectionId }), role: "admin", audit: { action: "setup.permissions.check", entityType: "Connection" }, awsFieldErrors: REFUSED_CREDENTIALS },
  async (input, ctx) => {
    await requireDraft(input.connectionId);
    const held = await requireSessionCredentials(ctx.user, input.connectionId);
    const view = await getConnectionView(input.connectionId, ctx.user);
    const check = await checkCredentials(view, held.credentials);
    if (check.accountId !== held.accountId) throw new AppError("CONFLICT", "The held credentials no longer belong to the home account.", { hint: "Paste the home account's credentials again." });
    await updateProgress(input.connectionId, { signIn: signInProgress(check) });
    ctx.audit({ entityId: input.connectionId, after: { accountId: check.accountId, principalArn: check.principalArn, missingPermissions: check.missing.length } });
    revalidatePath(setupPath(input.connectionId));
    return { missing: check.missing.length };
  },
);

/** Step 1, do it yourself: no credentials; the home account ID is needed to generate the documents. */
export const chooseManualModeAction = action(
  { schema: z.object({ connectionId, homeAccountId: accountIdSchema }), role: "admin", audit: { action: "setup.mode", entityType: "Connection" } },
  async (input, ctx) => {
    await requireDraft(input.connectionId);
    await forgetSessionCredentials();
    await getDb().$transaction(async (tx) => {
      const { before } = await updateDraftModel(input.connectionId, { homeAccountId: input.homeAccountId }, { db: tx });
      await updateProgress(input.connectionId, { signIn: { mode: "manual", accountId: input.homeAccountId } }, { db: tx });
      await tx.connection.update({ where: { id: input.connectionId }, data: { mode: "manual", ...(before.homeAccountId !== input.homeAccountId ? { lastTestStatus: null } : {}) } });
    });
    ctx.audit({ entityId: input.connectionId, after: { mode: "manual", homeAccountId: input.homeAccountId } });
    revalidatePath(setupPath(input.connectionId));
    return { mode: "manual" as const };
  },
);

/** Back to choosing: the automated path asks for credentials again. */
export const switchToAutomatedAction = action(
  { schema: z.object({ connectionId }), role: "admin", audit: { action: "setup.mode", entityType: "Connection" } },
  async (input, ctx) => {
    await requireDraft(input.connectionId);
    await getDb().$transaction(async (tx) => {
      await updateProgress(input.connectionId, { signIn: undefined }, { db: tx });
      await tx.connection.update({ where: { id: input.connectionId }, data: { mode: "automated" } });
    });
    ctx.audit({ entityId: input.connectionId, after: { mode: "automated" } });
    revalidatePath(setupPath(input.connectionId));
    return { mode: "automated" as const };
  },
);

/** "Forget credentials": drops the sealed cookie at once (it would expire by itself shortly). */
export const forgetCredentialsAction = action(
  { schema: z.object({ connectionId }), role: "admin", audit: { action: "setup.credentials.forget", entityType: "Connection" } },
  async (input, ctx) => {
    await forgetSessionCredentials();
    ctx.audit({ entityId: input.connectionId });
    revalidatePath(setupPath(input.connectionId));
    return { forgotten: true };
  },
);
