import "server-only";
import { DeleteAccessKeyCommand, ListAccessKeysCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import type { StaticCredentials } from "@/lib/aws/clients";
import { toAwsOperationError } from "@/lib/aws/errors";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { clientsFor } from "@/lib/connections/aws-access";

/**
 * The admin's choice when the collector user already has two keys: deactivate, then delete, the key
 * they picked (deactivating first mirrors AWS's advice, and a key in use fails loudly at its next call
 * rather than silently). If the connection held that key, it forgets it.
 */
export async function retireAccessKey(input: { connectionId: string; home: StaticCredentials; userName: string; accessKeyId: string }): Promise<void> {
  const clients = clientsFor(input.home);
  try {
    const listed = await clients.iam.send(new ListAccessKeysCommand({ UserName: input.userName })).catch((e: unknown) => {
      throw toAwsOperationError(e, { action: "iam:ListAccessKeys" });
    });
    if (!(listed.AccessKeyMetadata ?? []).some((k) => k.AccessKeyId === input.accessKeyId)) {
      throw new AppError("NOT_FOUND", `Access key ${input.accessKeyId} does not belong to ${input.userName}.`, { hint: "Reload the page; the keys may have changed." });
    }
    await clients.iam.send(new UpdateAccessKeyCommand({ UserName: input.userName, AccessKeyId: input.accessKeyId, Status: "Inactive" }));
    await clients.iam.send(new DeleteAccessKeyCommand({ UserName: input.userName, AccessKeyId: input.accessKeyId }));
    await getDb().connection.updateMany({ where: { id: input.connectionId, accessKeyId: input.accessKeyId }, data: { accessKeyId: null, secretAccessKeySealed: null, lastTestStatus: null } });
  } finally {
    clients.destroy();
  }
}
