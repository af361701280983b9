import { generateExternalId, parseAccessModel } from "@/lib/model";
import { createAwsClients } from "@/lib/aws/clients";
import { runRollout } from "@/lib/aws/rollout";
import { createAccessKey } from "@/lib/aws/operations/create-access-key";
import { runConnectionTest } from "@/lib/aws/connection-test";
import { startBenchSandbox } from "./bench/helpers";
const sb = await startBenchSandbox(100, false);
const connection = { endpoint: sb.endpoint, region: "us-east-1" };
const home = createAwsClients({ ...connection, credentials: { accessKeyId: sb.home.accessKeyId, secretAccessKey: sb.home.secretAccessKey } });
const targets = sb.accounts.filter((a) => a.accountId !== sb.home.accountId).map((a) => a.accountId);
const regions = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const model = parseAccessModel({ homeAccountId: sb.home.accountId, targetAccountIds: targets, externalId: generateExternalId(), regions });
await runRollout(model, { home, targets: { kind: "assume" } }, { concurrency: 32 });
const key = await createAccessKey(home, { userName: model.names.user, waitUntilUsable: {} });
if (key.status !== "created") throw 1;
const input = { credentials: key.credentials, externalId: model.externalId, regions, connection, concurrency: 16 };
await runConnectionTest(input); // warm
await sb.setFaults({ latencyMs: 50 });
for (let i = 0; i < 3; i++) {
const c0 = process.cpuUsage(); const t = performance.now();
await runConnectionTest(input);
const c = process.cpuUsage(c0);
console.log("wall", (performance.now() - t).toFixed(0), "cpu", ((c.user + c.system) / 1000).toFixed(0));
}
home.destroy(); await sb.stop();
