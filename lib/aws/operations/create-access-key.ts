import "server-only";
import { CreateAccessKeyCommand, GetAccessKeyLastUsedCommand, ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { AwsClients, StaticCredentials } from "../clients";
import { registerSecret } from "../redact";
import { retryWhilePropagating, type PropagationOptions } from "../propagation";

/** IAM allows two access keys per user. */
export const MAX_ACCESS_KEYS = 2;

export interface ExistingKey {
  accessKeyId: string;
  status: "Active" | "Inactive";
  createDate?: string;
  lastUsedDate?: string;
  lastUsedService?: string;
}

export type CreateAccessKeyResult =
  | {
      status: "created";
      /** Shown to the user once; never stored in plain text, never logged. */
      credentials: StaticCredentials;
      userName: string;
      createDate?: string;
      /** Whether a first call with the key succeeded (only when `waitUntilUsable` was asked). */
      usable?: boolean;
    }
  | {
      status: "refused";
      reason: string;
      keys: ExistingKey[];
      /**
       * The key we suggest to deactivate and delete: a never-used one first, then an inactive one, then
       * the least recently used; never a key in `inUse`. Empty when every key is in use.
       */
      retireSuggestion: string;
    };

/**
 * Creates an access key for the collector user, refusing clearly when it already has two (the key
 * to retire is the user's decision, we only suggest one). With `waitUntilUsable`, makes a first
 * call with the new key (`sts:GetCallerIdentity`, which needs no permission) and retries while
 * AWS still answers `InvalidClientTokenId` (propagation).
 */
export async function createAccessKey(
  clients: AwsClients,
  input: {
    userName: string;
    waitUntilUsable?: PropagationOptions | false;
    /** Keys never to suggest for retirement: the one the beacon uses (the last scheduled test's key). */
    inUse?: readonly (string | null | undefined)[];
  },
): Promise<CreateAccessKeyResult> {
  const listed = await clients.iam.send(new ListAccessKeysCommand({ UserName: input.userName }));
  const existing = listed.AccessKeyMetadata ?? [];
  if (existing.length >= MAX_ACCESS_KEYS) {
    const neverUsed = new Set<string>();
    const keys: ExistingKey[] = await Promise.all(
      existing.map(async (k) => {
        const id = k.AccessKeyId ?? "";
        const used = await clients.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: id })).catch(() => undefined);
        // Never used only when AWS said so: a failed look-up tells nothing.
        if (used && !used.AccessKeyLastUsed?.LastUsedDate) neverUsed.add(id);
        return {
          accessKeyId: id,
          status: k.Status === "Inactive" ? "Inactive" : "Active",
          createDate: k.CreateDate?.toISOString(),
          lastUsedDate: used?.AccessKeyLastUsed?.LastUsedDate?.toISOString(),
          lastUsedService: used?.AccessKeyLastUsed?.ServiceName,
        } satisfies ExistingKey;
      }),
    );
    const inUse = new Set(input.inUse ?? []);
    // Never used first (an inactive one before an active one), then inactive, then by last use
    // (oldest first; a key whose last use could not be read last).
    const rank = (k: ExistingKey) => (neverUsed.has(k.accessKeyId) ? 0 : 2) + (k.status === "Inactive" ? 0 : 1) + (neverUsed.has(k.accessKeyId) || k.lastUsedDate ? 0 : 2);
    const candidates = keys.filter((k) => !inUse.has(k.accessKeyId)).sort((a, b) => rank(a) - rank(b) || (a.lastUsedDate ?? "").localeCompare(b.lastUsedDate ?? "") || (a.createDate ?? "").localeCompare(b.createDate ?? ""));
    const retire = candidates[0];
    const why = !retire ? "" : neverUsed.has(retire.accessKeyId) ? ", never used" : retire.status === "Inactive" ? ", already inactive" : ", the least recently used";
    return {
      status: "refused",
      reason: `User ${input.userName} already has ${existing.length} access keys, the most IAM allows. Deactivate and delete one first (${retire ? `suggested: ${retire.accessKeyId}${why}` : "none suggested: the beacon uses them"}).`,
      keys,
      retireSuggestion: retire?.accessKeyId ?? "",
    };
  }
  const out = await clients.iam.send(new CreateAccessKeyCommand({ UserName: input.userName }));
  const key = out.AccessKey;
  if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error("iam:CreateAccessKey returned no key");
  registerSecret(key.SecretAccessKey);
  const credentials: StaticCredentials = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
  let usable: boolean | undefined;
  if (input.waitUntilUsable) {
    const keyClients = clients.withCredentials(credentials);
    await retryWhilePropagating(() => keyClients.sts.send(new GetCallerIdentityCommand({})), input.waitUntilUsable);
    usable = true;
  }
  return { status: "created", credentials, userName: input.userName, createDate: key.CreateDate?.toISOString(), usable };
}
