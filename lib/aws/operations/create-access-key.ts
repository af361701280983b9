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
      /** The key we suggest to deactivate and delete: an inactive one, else the least recently used. */
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
  input: { userName: string; waitUntilUsable?: PropagationOptions | false },
): Promise<CreateAccessKeyResult> {
  const listed = await clients.iam.send(new ListAccessKeysCommand({ UserName: input.userName }));
  const existing = listed.AccessKeyMetadata ?? [];
  if (existing.length >= MAX_ACCESS_KEYS) {
    const keys: ExistingKey[] = await Promise.all(
      existing.map(async (k) => {
        const id = k.AccessKeyId ?? "";
        const used = await clients.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: id })).catch(() => undefined);
        return {
          accessKeyId: id,
          status: k.Status === "Inactive" ? "Inactive" : "Active",
          createDate: k.CreateDate?.toISOString(),
          lastUsedDate: used?.AccessKeyLastUsed?.LastUsedDate?.toISOString(),
          lastUsedService: used?.AccessKeyLastUsed?.ServiceName,
        } satisfies ExistingKey;
      }),
    );
    const inactive = keys.find((k) => k.status === "Inactive");
    const byLastUse = [...keys].sort((a, b) => (a.lastUsedDate ?? a.createDate ?? "").localeCompare(b.lastUsedDate ?? b.createDate ?? ""));
    const retire = inactive ?? byLastUse[0];
    return {
      status: "refused",
      reason: `User ${input.userName} already has ${existing.length} access keys, the most IAM allows. Deactivate and delete one first (suggested: ${retire?.accessKeyId}${retire?.status === "Inactive" ? ", already inactive" : ", the least recently used"}).`,
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
