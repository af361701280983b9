"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import type { SessionUser } from "@/lib/auth/session";
import type { StaticCredentials } from "@/lib/aws/clients";
import { accountIdSchema, iamNameSchema } from "@/lib/model";
import { AppError } from "@/lib/errors";
import { ACCESS_KEY_ID_PATTERN } from "@/lib/connections/credentials-schema";
import { planRunResult, SETUP_RUN_KINDS } from "@/lib/setup/run-kinds";
import { accountAccessFor, DEFAULT_ADMIN_ROLE, perAccountCredentials, requireSessionCredentials } from "@/lib/connections/aws-access";
import { getConnectionView, requireDraft } from "@/lib/connections/repository";
import { readSessionCredentials } from "@/lib/connections/session-credentials";
import { startPlan } from "../start-plan";
import { startRollout } from "../start-rollout";
import { startVerify } from "../start-verify";
import { refuseWhileMissingPermissions } from "../required-permissions";
import type { ConnectionView } from "@/lib/connections/types";
import { getRunSummary, latestRunId } from "@/lib/runs";
import { modelFingerprint } from "../model-fingerprint";
import type { AccessModel } from "@/lib/model/types";
import { retryScope } from "../rollout-accounts";
import { planCoversByHand, rolloutState } from "../rollout-state";
import { verifyManualAccount } from "../verify-manual-account";
import { externalIdDecided } from "@/lib/connections/draft-model";

/**
 * Nothing changes in AWS before the admin has seen an up-to-date plan (a crafted request is refused too).
 * Which accounts are set up by hand is not part of the model, so it is compared with the plan as well:
 * switching an account back to the portal must not change it unseen.
 */
async function requireFreshPlan(connectionId: string, model: AccessModel, targets: ConnectionView["targets"]): Promise<void> {
  const id = await latestRunId(connectionId, SETUP_RUN_KINDS.plan.id);
  const plan = id ? await getRunSummary(id) : null;
  const result = planRunResult(plan?.result);
  const stale = () => new AppError("CONFLICT", "Show the plan first: the rollout runs only after you have seen what it will change.", { hint: "The settings changed since the last plan, or there is none yet." });
  if (!result || !rolloutState({ plan, rollout: null, fingerprint: modelFingerprint(model) }).planReady) throw stale();
  if (!planCoversByHand(result.plan, targets)) {
    throw new AppError("CONFLICT", "Show the plan again: which accounts you set up yourself changed since the last plan.", { hint: "The rollout runs only after you have seen what it will change." });
  }
}

/** This session's pasted credentials, which must belong to the connection's home account. */
async function requireHomeCredentials(user: SessionUser, connectionId: string, model: AccessModel) {
  const held = await requireSessionCredentials(user, connectionId);
  if (held.accountId !== model.homeAccountId) {
    throw new AppError("CONFLICT", `The credentials belong to account ${held.accountId}, but the home account is ${model.homeAccountId}.`, { hint: "Sign in again in step 1 with credentials of the home account." });
  }
  return held;
}

/** "Retry failed" names the run it retries: it must be this connection's latest rollout, finished without success. */
async function requireRetryable(connectionId: string, retryOf: string): Promise<void> {
  const latest = await latestRunId(connectionId, SETUP_RUN_KINDS.rollout.id);
  const rollout = latest ? await getRunSummary(latest) : null;
  if (rolloutState({ plan: null, rollout, fingerprint: "" }).retryOf !== retryOf) {
    throw new AppError("CONFLICT", "There is nothing to retry: the latest rollout did not fail.", { hint: "Reload the page to see the latest run." });
  }
}

// Per-account credential fields (acct_<id>_accessKeyId, ...) are read from the raw input: their names
// depend on the accounts, so the schema lets them through.
const runSchema = z.object({ connectionId: z.string().min(1).max(64), retryOf: z.string().max(64).optional() }).catchall(z.string().max(4096));

function complete(view: ConnectionView) {
  if (!view.accessModel) {
    throw new AppError("VALIDATION", "The setup is not complete yet.", { hint: view.modelIssues.map((i) => i.message).join(" ") || "Sign in and add the target accounts first." });
  }
  return view.accessModel;
}

/**
 * A plan or rollout never creates a trust without an external ID by default: only when the admin chose
 * "No external ID" in step 4 and confirmed the warning (new drafts start with a generated one).
 */
function requireExternalIdDecision(view: ConnectionView): void {
  if (externalIdDecided(view.model)) return;
  throw new AppError("VALIDATION", "The roles would trust the home account without an external ID.", {
    hint: 'In step 4, generate or enter an external ID; or choose "No external ID" and confirm the warning.',
  });
}

function ensureAutomated(view: ConnectionView): void {
  if (view.mode !== "automated") throw new AppError("CONFLICT", "This connection is set up by hand.", { hint: "Use Verify, or switch to the automated mode in step 1." });
}

/** Step 5: the plan (read-only), as a run. */
export const planRolloutAction = action({ schema: runSchema, role: "admin", audit: { action: "setup.plan", entityType: "Connection" } }, async (input, ctx) => {
  await requireDraft(input.connectionId);
  const view = await getConnectionView(input.connectionId, ctx.user);
  ensureAutomated(view);
  refuseWhileMissingPermissions(view.progress.signIn);
  const model = complete(view);
  requireExternalIdDecision(view);
  const held = await requireSessionCredentials(ctx.user, input.connectionId);
  const perAccount = perAccountCredentials(input, view.targets.map((t) => t.accountId));
  const { runId } = await startPlan({ connectionId: input.connectionId, userId: ctx.user.userId, model, targets: view.targets, home: held.credentials, perAccount });
  ctx.audit({ entityId: input.connectionId, after: { runId, accounts: model.targetAccountIds.length } });
  revalidatePath(`/connections/${input.connectionId}/setup`);
  return { runId };
});

/** Step 5: apply. With `retryOf` ("Retry failed"): only the home account and the targets not done yet. */
export const runRolloutAction = action({ schema: runSchema, role: "admin", audit: { action: "setup.rollout", entityType: "Connection" } }, async (input, ctx) => {
  await requireDraft(input.connectionId);
  const view = await getConnectionView(input.connectionId, ctx.user);
  ensureAutomated(view);
  refuseWhileMissingPermissions(view.progress.signIn);
  const model = complete(view);
  requireExternalIdDecision(view);
  const held = await requireHomeCredentials(ctx.user, input.connectionId, model);
  await requireFreshPlan(input.connectionId, model, view.targets);
  if (input.retryOf) await requireRetryable(input.connectionId, input.retryOf);
  const perAccount = perAccountCredentials(input, view.targets.map((t) => t.accountId));
  const { runId } = await startRollout({ connectionId: input.connectionId, userId: ctx.user.userId, model, targets: view.targets, home: held.credentials, perAccount, retryOf: input.retryOf });
  const retried = input.retryOf ? retryScope(view.targets) : null;
  ctx.audit({ entityId: input.connectionId, after: { runId, accounts: model.targetAccountIds.length, retryOf: input.retryOf ?? null, ...(retried ? { retried } : {}) } });
  revalidatePath(`/connections/${input.connectionId}/setup`);
  return { runId };
});

const verifySchema = z
  .object({
    connectionId: z.string().min(1).max(64),
    accessKeyId: z.string().trim().optional(),
    secretAccessKey: z.string().trim().optional(),
    sessionToken: z.string().trim().optional(),
    readRoleName: z
      .string()
      .optional()
      .transform((v) => (v && v.trim() ? v.trim() : undefined))
      .pipe(iamNameSchema("role").optional()),
  })
  .catchall(z.string().max(4096));

/**
 * Verify (do-it-yourself, or after an automated run): read-only. Uses the session's credentials when
 * held, else credentials given for this check only (read-only suffice: IAM read in the home account and
 * a role to read each target account); they live in the run's memory and are never stored.
 */
export const verifySetupAction = action({ schema: verifySchema, role: "admin", audit: { action: "setup.verify", entityType: "Connection" } }, async (input, ctx) => {
  const view = await getConnectionView(input.connectionId, ctx.user);
  const model = complete(view);
  let home: StaticCredentials;
  const held = await readSessionCredentials(ctx.user.sessionId, input.connectionId);
  if (held) home = held.credentials;
  else {
    const errors: Record<string, string[]> = {};
    if (!input.accessKeyId || !ACCESS_KEY_ID_PATTERN.test(input.accessKeyId)) errors.accessKeyId = ["An access key ID (AKIA… or ASIA…) able to read IAM in the home account."];
    if (!input.secretAccessKey) errors.secretAccessKey = ["The secret access key of that key."];
    if (Object.keys(errors).length) throw new AppError("VALIDATION", "Verify needs read-only credentials for the home account.", { fieldErrors: errors });
    home = { accessKeyId: input.accessKeyId!, secretAccessKey: input.secretAccessKey!, ...(input.sessionToken ? { sessionToken: input.sessionToken } : {}) };
  }
  const perAccount = perAccountCredentials(input, view.targets.map((t) => t.accountId));
  // Targets marked "do it yourself" are still read (read-only) through the role chosen for Verify.
  const readRole = input.readRoleName ?? DEFAULT_ADMIN_ROLE;
  const targets = view.targets.map((t) => (t.accessMethod === "manual" || view.mode === "manual" ? { ...t, accessMethod: "assume" as const, adminRoleName: readRole } : t));
  const access = accountAccessFor(targets, perAccount);
  const { runId } = await startVerify({ connectionId: input.connectionId, userId: ctx.user.userId, model, home, access });
  ctx.audit({ entityId: input.connectionId, after: { runId, usingSessionCredentials: Boolean(held), readRole } });
  revalidatePath(`/connections/${input.connectionId}/setup`);
  return { runId };
});

/**
 * Verify of one account set up by hand within an automated setup: with the session's home credentials,
 * assume its role with the external ID (as the beacon will) and make the inventory reads. Read-only;
 * the outcome is stored on the account and audited (passed or not).
 */
export const verifyManualAccountAction = action(
  { schema: z.object({ connectionId: z.string().min(1).max(64), accountId: accountIdSchema }), role: "admin", audit: { action: "setup.verify-account", entityType: "Connection" } },
  async (input, ctx) => {
    await requireDraft(input.connectionId);
    const view = await getConnectionView(input.connectionId, ctx.user);
    ensureAutomated(view);
    const model = complete(view);
    const target = view.targets.find((t) => t.accountId === input.accountId);
    if (!target) throw new AppError("NOT_FOUND", "That account is not part of this connection.");
    if (target.accessMethod !== "manual") {
      throw new AppError("CONFLICT", `Account ${input.accountId} is set up by the portal.`, { hint: "Its rollout confirms the role; this check is for accounts you set up yourself." });
    }
    const held = await requireHomeCredentials(ctx.user, input.connectionId, model);
    const check = await verifyManualAccount({ connectionId: input.connectionId, accountId: input.accountId, model, home: held.credentials });
    ctx.audit({ entityId: input.connectionId, after: { accountId: input.accountId, passed: check.passed, failedCheck: check.failedCheck, roleArn: check.roleArn } });
    revalidatePath(`/connections/${input.connectionId}/setup`);
    return check;
  },
);
