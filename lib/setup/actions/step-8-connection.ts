"use server";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { recordAudit } from "@/lib/audit";
import { checkPassword } from "@/lib/auth/check-password";
import { deviceTokenOfRequest } from "@/lib/auth/device-cookie";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createDetailsGrant } from "../connection-details-grant";
import { startConnectionTest } from "../connection-test-run";
import { saveTestedConnection } from "../connection-test-save";
import { connectionSettingsSchema } from "@/lib/connections/settings";
import { auditableSettings, updateConnectionSettings } from "@/lib/connections/settings-store";
import { readSessionCredentials } from "@/lib/connections/session-credentials";

/**
 * Step 8, "Test Connection": stores the dialog's fields (secrets sealed; a change forgets the previous
 * test) and starts the beacon-equivalent test as a run the page follows.
 */
export const testConnectionAction = action(
  { schema: connectionSettingsSchema, role: "admin", audit: { action: "connection.test", entityType: "Connection" } },
  async (input, ctx) => {
    const { before, after, changed } = await updateConnectionSettings(input);
    if (changed) {
      await recordAudit({ action: "connection.settings.update", actor: { id: ctx.user.userId, email: ctx.user.email }, entityType: "Connection", entityId: input.connectionId, before: auditableSettings(before), after: auditableSettings(after), ip: ctx.meta.ip });
    }
    // Only to explain an AssumeRole refusal; the test itself uses nothing but the collector's key.
    const session = await readSessionCredentials(ctx.user.sessionId, input.connectionId);
    const { runId } = await startConnectionTest({ connectionId: input.connectionId, userId: ctx.user.userId, adminCredentials: session?.credentials });
    ctx.audit({ entityId: input.connectionId, after: { runId, viaProxy: after.proxy?.server ?? null } });
    return { runId, proxyServer: after.proxy?.server ?? null, changed };
  },
);

/** Step 8, "Save": refused unless the latest test passed for exactly these details. */
export const saveConnectionAction = action(
  { schema: connectionSettingsSchema, role: "admin", audit: { action: "connection.save", entityType: "Connection" } },
  async (input, ctx) => {
    const { schedule, before, after } = await saveTestedConnection(input);
    ctx.audit({ entityId: input.connectionId, before, after });
    return { scheduleName: schedule.name, intervalMinutes: schedule.intervalMinutes, nextRunAt: schedule.nextRunAt };
  },
);

/**
 * Re-entering the password unlocks one download of the details with secrets, for 60 seconds. Wrong
 * passwords count as failed sign-ins (the same rate limit), so this is no password oracle.
 */
export const grantDetailsSecretsAction = action(
  { schema: z.object({ connectionId: z.string().min(1), password: z.string().min(1, "Enter your password.").max(1024) }), role: "admin", audit: { action: "connection.details.grant", entityType: "Connection" } },
  async (input, ctx) => {
    const db = getDb();
    const connection = await db.connection.findUnique({ where: { id: input.connectionId }, select: { id: true } });
    if (!connection) throw new AppError("NOT_FOUND", "That connection does not exist.");
    const check = await checkPassword({ email: ctx.user.email, password: input.password, ip: ctx.meta.ip, deviceToken: await deviceTokenOfRequest() });
    if (check.kind === "limited") {
      await recordAudit({ action: "connection.details.grant.refused", actor: { id: ctx.user.userId, email: ctx.user.email }, entityType: "Connection", entityId: input.connectionId, ip: ctx.meta.ip, after: { reason: "rate limited", scope: check.scope } });
      throw new AppError("RATE_LIMITED", "Too many wrong passwords; try again later.");
    }
    if (check.kind !== "ok" || check.user.id !== ctx.user.userId) {
      await recordAudit({ action: "connection.details.grant.refused", actor: { id: ctx.user.userId, email: ctx.user.email }, entityType: "Connection", entityId: input.connectionId, ip: ctx.meta.ip, after: { reason: "wrong password" } });
      throw new AppError("VALIDATION", "That password is not right.", { fieldErrors: { password: ["That password is not right."] } });
    }
    const grant = createDetailsGrant({ userId: ctx.user.userId, sessionId: ctx.user.sessionId, connectionId: input.connectionId });
    ctx.audit({ entityId: input.connectionId, after: { expiresAt: grant.expiresAt } });
    return grant;
  },
);
