/**
 * Seeds an e2e state for the step 7/8 specs without going through steps 1-6 in the browser (those are
 * covered by 6A's specs): rolls the IAM setup out in the sandbox with lib/aws (uniquely named, so it
 * cannot collide with other specs), creates the collector's key, and inserts the draft connection.
 *
 * Run in e2e/support/seed-server.ts (one process per spec worker, asked synchronously by e2e/support/seed.ts).
 * Never run against anything but the e2e temp database (guarded).
 */
import { CreatePolicyVersionCommand, GetPolicyCommand, GetPolicyVersionCommand } from "@aws-sdk/client-iam";
import { createAwsClients } from "@/lib/aws/clients";
import { decodePolicyDocument } from "@/lib/aws/documents";
import { createAccessKey } from "@/lib/aws/operations/create-access-key";
import { runRollout } from "@/lib/aws/rollout";
import { seal } from "@/lib/crypto";
import { createDbClient } from "@/lib/db/client";
import { parseAccessModel } from "@/lib/model";
import type { PolicyDocument } from "@/lib/model/types";
import { policyArn } from "@/lib/policies";
import { COLLECTOR_SECRET_PURPOSE } from "@/lib/connections/settings";
import { pointAtE2eDatabase } from "./e2e-database";
import type { SeededConnection } from "./seed";

export interface SeedJob {
  endpoint: string;
  home: { accountId: string; accessKeyId: string; secretAccessKey: string };
  databaseUrl: string;
  dataDir: string;
  suffix: string;
  targets: string[];
  externalId: string;
  connectionName: string;
  /** true: as if the portal created the key in step 6 (secret sealed); false: the admin pastes it in step 8. */
  storeSecret: boolean;
  /** Remove one action from one account's inventory policy (a "missing permission"). */
  removeAction?: { accountId: string; action: string };
}

export async function seedConnectionJob(job: SeedJob): Promise<SeededConnection> {
  pointAtE2eDatabase(job);

  const names = {
    inventoryPolicy: `ListInventoryForFNMS-${job.suffix}`,
    readRolesPolicy: `ReadRolesForFNMS-${job.suffix}`,
    role: `ListEC2ForFNMSRole-${job.suffix}`,
    user: `FNMSUser-${job.suffix}`,
  };
  const regions = ["us-east-1", "eu-west-1"];
  const model = parseAccessModel({ connectionName: job.connectionName, homeAccountId: job.home.accountId, targetAccountIds: job.targets, externalId: job.externalId, names, regions });
  const connection = { endpoint: job.endpoint, region: "us-east-1", retry: { maxAttempts: 6, throttlingBaseDelayMs: 20, baseDelayMs: 10, maxDelayMs: 300 } };
  const home = createAwsClients({ ...connection, credentials: { accessKeyId: job.home.accessKeyId, secretAccessKey: job.home.secretAccessKey } });
  try {
    const rollout = await runRollout(model, { home, targets: { kind: "assume" } }, { propagation: { windowMs: 10_000, initialDelayMs: 20 } });
    if (rollout.failedAccounts.length) throw new Error(`rollout failed for ${rollout.failedAccounts.join(", ")}`);
    const key = await createAccessKey(home, { userName: names.user, waitUntilUsable: { windowMs: 10_000, initialDelayMs: 20 } });
    if (key.status !== "created") throw new Error(key.reason);

    if (job.removeAction) {
      const { accountId, action } = job.removeAction;
      const target = home.withCredentials({ assumeRole: { roleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, via: { accessKeyId: job.home.accessKeyId, secretAccessKey: job.home.secretAccessKey } } });
      const arn = policyArn(accountId, "/", names.inventoryPolicy);
      const policy = await target.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
      const version = await target.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy?.DefaultVersionId ?? "v1" }));
      const doc = decodePolicyDocument(version.PolicyVersion?.Document, arn) as PolicyDocument;
      for (const s of doc.Statement) {
        if (Array.isArray(s.Action)) s.Action = s.Action.filter((a) => a !== action);
        else if (s.Action === action) s.Action = [];
      }
      // A statement left without actions would be a malformed policy.
      doc.Statement = doc.Statement.filter((s) => s.Action === undefined || s.Action.length > 0);
      await target.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(doc), SetAsDefault: true }));
    }

    const db = createDbClient(job.databaseUrl);
    const draft = { connectionName: job.connectionName, homeAccountId: model.homeAccountId, targetAccountIds: model.targetAccountIds, externalId: model.externalId, names, rolePath: "/", regions, rdsScope: model.rdsScope, maxSessionDurationSeconds: model.maxSessionDurationSeconds };
    const at = new Date().toISOString();
    const row = await db.connection.create({
      data: {
        name: job.connectionName,
        mode: "automated",
        model: JSON.stringify(draft),
        progress: JSON.stringify({
          signIn: { mode: "automated", accountId: model.homeAccountId, principalArn: `arn:aws:iam::${model.homeAccountId}:user/sandbox-admin`, checkedAt: at, missing: [] },
          accessKey: job.storeSecret ? { status: "created", accessKeyId: key.credentials.accessKeyId, userName: names.user, at } : { status: "skipped", userName: names.user, at },
        }),
        accessKeyId: job.storeSecret ? key.credentials.accessKeyId : null,
        secretAccessKeySealed: job.storeSecret ? seal(key.credentials.secretAccessKey, COLLECTOR_SECRET_PURPOSE) : null,
        targets: { create: job.targets.map((accountId) => ({ accountId, accessMethod: "assume", adminRoleName: "OrganizationAccountAccessRole", setupStatus: "done" })) },
      },
    });
    await db.$disconnect();
    return { connectionId: row.id, accessKeyId: key.credentials.accessKeyId, secretAccessKey: key.credentials.secretAccessKey, names };
  } finally {
    home.destroy();
  }
}
