/**
 * Connection-test benchmark: the beacon's test across N target accounts (set up first, without
 * latency, by the rollout), then timed with an injected latency per call. Prints wall time, API
 * calls per account against the beacon's minimum (AssumeRole + ListAccountAliases + 4 per
 * region), and the ratio of wall time to the critical-path bound.
 *
 *   npm run bench:connection-test -- [--accounts 100] [--latency-ms 50] [--concurrency 16] [--regions a,b] [--in-process]
 */
import { generateExternalId, parseAccessModel } from "@/lib/model";
import { createAwsClients } from "@/lib/aws/clients";
import { runRollout } from "@/lib/aws/rollout";
import { createAccessKey } from "@/lib/aws/operations/create-access-key";
import { runConnectionTest } from "@/lib/aws/connection-test";
import { benchFlags, criticalPathBound, keyValueLine, startBenchSandbox } from "./helpers";

const USAGE = "Usage: npm run bench:connection-test -- [--accounts N (100)] [--latency-ms MS (50)] [--concurrency C (16)] [--regions r1,r2 (the sandbox's 3)] [--in-process]";

const flags = benchFlags(USAGE);
const regions = flags.regions ?? ["us-east-1", "eu-west-1", "ap-southeast-2"];
const sb = await startBenchSandbox(flags.accounts, flags.inProcess);
const connection = { endpoint: sb.endpoint, region: "us-east-1", retry: { maxAttempts: 10, throttlingBaseDelayMs: 50 } };
const home = createAwsClients({ ...connection, credentials: { accessKeyId: sb.home.accessKeyId, secretAccessKey: sb.home.secretAccessKey } });
try {
  const targets = sb.accounts.filter((a) => a.accountId !== sb.home.accountId).map((a) => a.accountId);
  const model = parseAccessModel({ homeAccountId: sb.home.accountId, targetAccountIds: targets, externalId: generateExternalId(), regions });
  const setup = await runRollout(model, { home, targets: { kind: "assume" } }, { concurrency: 32 });
  if (setup.failedAccounts.length) throw new Error(`setup failed for ${setup.failedAccounts.join(", ")}`);
  const key = await createAccessKey(home, { userName: model.names.user, waitUntilUsable: {} });
  if (key.status !== "created") throw new Error(key.reason);
  const N = targets.length;
  const testInput = {
    credentials: key.credentials,
    externalId: model.externalId,
    regions,
    connection,
    concurrency: flags.concurrency,
    expectedAccountIds: targets,
  };
  // One untimed run first: a running server has loaded the EC2/RDS SDK modules and JIT-compiled
  // their code paths long before a user presses "Test connection"; that one-time cost (about half
  // a second of CPU here) is not what this benchmark measures.
  await runConnectionTest(testInput);

  await sb.setFaults({ latencyMs: flags.latencyMs });
  await sb.clearRequests();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await runConnectionTest(testInput);
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const clientCpu = (cpu.user + cpu.system) / 1e6;
  const log = await sb.requests();
  const callerChecks = result.checks.filter((c) => c.check.startsWith("iam:")).length; // GetUser, List*, GetPolicy*
  const callsPerAccount = (log.length - callerChecks) / N;
  const minimum = 2 + 4 * regions.length;
  // AssumeRole, then ListAccountAliases and every region's four calls side by side.
  const sequential = 2;
  // Before any account can start, the beacon reads its own user and policy to learn which roles to
  // assume: GetUser → (ListAttachedUserPolicies ∥ ListGroupsForUser) → GetPolicy → GetPolicyVersion.
  // Those 4 calls are on every account's critical path once, so the bound includes them once.
  const prefix = callerChecks ? 4 : 0;
  const bound = criticalPathBound(sequential, flags.latencyMs, N, flags.concurrency) + (prefix * flags.latencyMs) / 1000;
  const passed = result.accounts.filter((a) => a.status === "passed").length;

  console.log(`connection test: ${N} target accounts × ${regions.length} regions, ${flags.latencyMs} ms per call, concurrency ${flags.concurrency}${flags.inProcess ? " (sandbox in-process)" : ""}, after one untimed warm-up run`);
  console.log(`  ${passed}/${N} accounts passed; ok=${result.ok}; wall ${wall.toFixed(2)} s; ${log.length} calls (${callerChecks} for the collector user, ${callsPerAccount.toFixed(2)} per account, minimum ${minimum})`);
  console.log(`  critical path ${prefix} calls once for the user and its policy, then ${sequential} per account × ⌈${N}/${flags.concurrency}⌉ → bound ${bound.toFixed(2)} s; ratio ${(wall / bound).toFixed(2)}`);
  const totals = result.accounts.flatMap((a) => a.inventory).reduce((t, r) => ({ i: t.i + (r.instances ?? 0), h: t.h + (r.hosts ?? 0), ri: t.ri + (r.reservedInstances ?? 0), o: t.o + (r.oracleDbInstances ?? 0) }), { i: 0, h: 0, ri: 0, o: 0 });
  console.log(`  the beacon will see: ${totals.i} instances, ${totals.h} dedicated hosts, ${totals.ri} reserved instances, ${totals.o} Oracle RDS instances`);
  console.log(
    keyValueLine({
      accounts: N,
      regions: regions.length,
      latency_ms: flags.latencyMs,
      concurrency: flags.concurrency,
      wall_s: wall,
      calls_per_account: callsPerAccount,
      min_calls_per_account: minimum,
      sequential_calls: sequential,
      prefix_calls: prefix,
      bound_s: bound,
      ratio: wall / bound,
      passed_accounts: passed,
      client_cpu_s: clientCpu,
    }),
  );
} finally {
  home.destroy();
  await sb.stop();
}
