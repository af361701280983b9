"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { discoverAccounts } from "@/lib/aws/operations/discover-accounts";
import { getDb, type DbOrTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { accountIdSchema, iamNameSchema } from "@/lib/model";
import { clientsFor, DEFAULT_ADMIN_ROLE, requireSessionCredentials } from "@/lib/connections/aws-access";
import { requireDraft, updateDraftModel } from "@/lib/connections/repository";
import { MAX_ACCOUNT_LIST_BYTES, MAX_ACCOUNT_LIST_ENTRIES, parseAccountList } from "../parse-account-list";

const connectionId = z.string().min(1).max(64);
const MAX_TARGETS = 2000;
const ACCOUNT_LIST_TOO_LONG = `At most ${MAX_ACCOUNT_LIST_ENTRIES} accounts (${MAX_ACCOUNT_LIST_BYTES / 1024} KiB) per list; split them over several connections.`;

const accessMethodSchema = z.enum(["assume", "credentials", "manual"], { error: "Choose how the portal reaches the account." });
const adminRoleSchema = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined))
  .pipe(iamNameSchema("role").optional());

function setupPath(id: string): string {
  return `/connections/${id}/setup`;
}

/** Keeps the draft model's target list equal to the rows, and invalidates the last connection test. */
async function syncTargets(id: string, db: DbOrTx): Promise<string[]> {
  const ids = (await db.targetAccount.findMany({ where: { connectionId: id }, select: { accountId: true }, orderBy: { accountId: "asc" } })).map((t) => t.accountId);
  await updateDraftModel(id, { targetAccountIds: ids }, { db });
  await db.connection.update({ where: { id }, data: { lastTestStatus: null } });
  return ids;
}

const addSchema = z.object({
  connectionId,
  /** A pasted list (text) or the accounts ticked from the organization (repeated field). */
  // Bounded here too (cheap length checks before any parsing); parseAccountList applies the exact limits.
  accounts: z
    .union([z.string().max(MAX_ACCOUNT_LIST_BYTES, { error: ACCOUNT_LIST_TOO_LONG }), z.array(z.string().max(32)).max(MAX_ACCOUNT_LIST_ENTRIES, { error: ACCOUNT_LIST_TOO_LONG })], { error: "Enter one or more 12-digit account IDs." })
    .transform((v) => (Array.isArray(v) ? v.join("\n") : v)),
  accessMethod: accessMethodSchema.default("assume"),
  adminRoleName: adminRoleSchema,
  /** JSON object { accountId: name } from the organization's list. */
  accountNames: z.string().max(256 * 1024, { error: "The list of account names is too long." }).optional(),
});

/** Adds target accounts (steps 2 and 5). Every entry is checked; if any is not an account ID, nothing is added and the bad ones are named. */
export const addTargetsAction = action(
  { schema: addSchema, role: "admin", audit: { action: "connection.targets.add", entityType: "Connection" } },
  async (input, ctx) => {
    await requireDraft(input.connectionId);
    const parsed = parseAccountList(input.accounts);
    if (parsed.invalidCount > 0) {
      const more = parsed.invalidCount - parsed.invalid.length;
      const list = parsed.invalid.map((i) => `"${i.entry}"`).join(", ") + (more > 0 ? ` and ${more} more` : "");
      throw new AppError("VALIDATION", `${parsed.invalidCount} entr${parsed.invalidCount === 1 ? "y is" : "ies are"} not an AWS account ID; nothing was added.`, {
        fieldErrors: { accounts: [`Not account IDs: ${list}. An account ID is exactly 12 digits (1234-5678-9012 is fine).`] },
      });
    }
    if (parsed.valid.length === 0) throw new AppError("VALIDATION", "Enter at least one account ID.", { fieldErrors: { accounts: ["Enter one or more 12-digit account IDs."] } });
    let names: Record<string, string> = {};
    try {
      const raw: unknown = input.accountNames ? JSON.parse(input.accountNames) : {};
      if (raw && typeof raw === "object") names = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string").map(([k, v]) => [k, v.slice(0, 128)]));
    } catch {
      names = {};
    }
    const result = await getDb().$transaction(async (tx) => {
      const existing = new Set((await tx.targetAccount.findMany({ where: { connectionId: input.connectionId }, select: { accountId: true } })).map((t) => t.accountId));
      const added = parsed.valid.filter((id) => !existing.has(id));
      if (existing.size + added.length > MAX_TARGETS) throw new AppError("VALIDATION", `A connection holds at most ${MAX_TARGETS} accounts.`, { fieldErrors: { accounts: [`At most ${MAX_TARGETS} accounts per connection; split them over several connections.`] } });
      for (const accountId of added) {
        await tx.targetAccount.create({
          data: {
            connectionId: input.connectionId,
            accountId,
            name: names[accountId] ?? null,
            accessMethod: input.accessMethod,
            adminRoleName: input.accessMethod === "assume" ? (input.adminRoleName ?? DEFAULT_ADMIN_ROLE) : null,
          },
        });
      }
      await syncTargets(input.connectionId, tx);
      return { added, alreadyThere: parsed.valid.filter((id) => existing.has(id)) };
    });
    ctx.audit({ entityId: input.connectionId, after: { added: result.added, accessMethod: input.accessMethod, adminRoleName: input.adminRoleName ?? null } });
    revalidatePath(setupPath(input.connectionId));
    return { ...result, duplicates: parsed.duplicates };
  },
);

export const removeTargetAction = action(
  { schema: z.object({ connectionId, accountId: accountIdSchema }), role: "admin", audit: { action: "connection.targets.remove", entityType: "Connection" } },
  async (input, ctx) => {
    await requireDraft(input.connectionId);
    await getDb().$transaction(async (tx) => {
      await tx.targetAccount.deleteMany({ where: { connectionId: input.connectionId, accountId: input.accountId } });
      await syncTargets(input.connectionId, tx);
    });
    ctx.audit({ entityId: input.connectionId, before: { accountId: input.accountId } });
    revalidatePath(setupPath(input.connectionId));
    return { removed: input.accountId };
  },
);

export const setTargetAccessAction = action(
  {
    schema: z.object({ connectionId, accountId: accountIdSchema, accessMethod: accessMethodSchema, adminRoleName: adminRoleSchema }),
    role: "admin",
    audit: { action: "connection.targets.access", entityType: "Connection" },
  },
  async (input, ctx) => {
    await requireDraft(input.connectionId);
    const db = getDb();
    const before = await db.targetAccount.findUnique({ where: { connectionId_accountId: { connectionId: input.connectionId, accountId: input.accountId } } });
    if (!before) throw new AppError("NOT_FOUND", "That account is not part of this connection.");
    const adminRoleName = input.accessMethod === "assume" ? (input.adminRoleName ?? DEFAULT_ADMIN_ROLE) : null;
    // Set up by hand or by the portal: the stored status belongs to the other way (Verify vs rollout), so it starts over.
    const switchedWho = (before.accessMethod === "manual") !== (input.accessMethod === "manual");
    await db.targetAccount.update({ where: { id: before.id }, data: { accessMethod: input.accessMethod, adminRoleName, ...(switchedWho ? { setupStatus: "pending", setupError: null } : {}) } });
    ctx.audit({ entityId: input.connectionId, before: { accountId: input.accountId, accessMethod: before.accessMethod, adminRoleName: before.adminRoleName }, after: { accountId: input.accountId, accessMethod: input.accessMethod, adminRoleName } });
    revalidatePath(setupPath(input.connectionId));
    return { accountId: input.accountId, accessMethod: input.accessMethod, adminRoleName };
  },
);

/** Lists the organization's accounts (management account or delegated administrator only). Read-only. */
export const discoverAccountsAction = action({ schema: z.object({ connectionId }), role: "admin" }, async (input, ctx) => {
  const held = await requireSessionCredentials(ctx.user, input.connectionId);
  const clients = clientsFor(held.credentials);
  try {
    const result = await discoverAccounts(clients);
    if (!result.available) return result;
    const existing = new Set((await getDb().targetAccount.findMany({ where: { connectionId: input.connectionId }, select: { accountId: true } })).map((t) => t.accountId));
    return { ...result, accounts: result.accounts.map((a) => ({ ...a, added: existing.has(a.accountId) })) };
  } finally {
    clients.destroy();
  }
});
