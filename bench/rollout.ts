/**
 * Rollout benchmark: a home account and N target accounts from nothing, against the sandbox with
 * an injected latency per call. Prints wall time, API calls per account (from the sandbox's
 * request log) against the minimum the plan needs, and the ratio of wall time to the critical-
 * path bound. Then a second run, which must change nothing.
 *
 *   npm run bench:rollout -- [--accounts 100] [--latency-ms 50] [--concurrency 16] [--in-process]
 */
import { generateExternalId, parseAccessModel } from "@/lib/model";
import { createAwsClients } from "@/lib/aws/clients";
import { planRollout, runRollout, type AccountPlan, type RolloutAccess } from "@/lib/aws/rollout";
import { benchFlags, criticalPathBound, keyValueLine, startBenchSandbox } from "./helpers";

const USAGE = "Usage: npm run bench:rollout -- [--accounts N (100)] [--latency-ms MS (50)] [--concurrency C (16)] [--in-process]";

/**
 * Calls one target account makes one after the other: reach (AssumeRole), then the policy and role
 * reads and writes side by side (attaching waits for both), then the role check.
 */
function targetCriticalPath(p: AccountPlan): number {
  const kinds = new Set(p.changes.map((c) => c.kind));
  // GetPolicy → CreatePolicy; or GetPolicy → GetPolicyVersion [→ ListPolicyVersions → (DeletePolicyVersion) → CreatePolicyVersion].
  const policyChain = kinds.has("create-policy") ? 2 : kinds.has("new-policy-version") ? 4 + (kinds.has("delete-policy-version") ? 1 : 0) : 2;
  // GetRole → CreateRole, or GetRole → ListAttachedRolePolicies.
  const roleChain = 2;
  // Attaching (or updating the role) waits for both chains.
  const roleWrite = kinds.has("attach-role-policy") || kinds.has("update-trust-policy") || kinds.has("update-max-session") ? 1 : 0;
  return 1 + Math.max(policyChain, roleChain) + roleWrite + (p.verifiesRole ? 1 : 0);
}

const flags = benchFlags(USAGE);
const sb = await startBenchSandbox(flags.accounts, flags.inProcess);
const home = createAwsClients({
  endpoint: sb.endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: sb.home.accessKeyId, secretAccessKey: sb.home.secretAccessKey },
  retry: { maxAttempts: 10, throttlingBaseDelayMs: 50 },
});
try {
  const targets = sb.accounts.filter((a) => a.accountId !== sb.home.accountId).map((a) => a.accountId);
  const model = parseAccessModel({ homeAccountId: sb.home.accountId, targetAccountIds: targets, externalId: generateExternalId() });
  const access: RolloutAccess = { home, targets: { kind: "assume" } };
  const N = targets.length;

  const plan = await planRollout(model, access, { concurrency: flags.concurrency });
  const targetPlans = plan.accounts.filter((a) => a.kind === "target");
  const minCallsPerAccount = targetPlans.reduce((n, p) => n + p.readCalls + p.changes.length + (p.verifiesRole ? 1 : 0), 0) / N;
  const sequential = Math.max(...targetPlans.map(targetCriticalPath));

  await sb.setFaults({ latencyMs: flags.latencyMs });
  await sb.clearRequests();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await runRollout(model, access, { concurrency: flags.concurrency, propagation: { windowMs: 30_000 } });
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const clientCpu = (cpu.user + cpu.system) / 1e6;
  const log = await sb.requests();
  // The home account's own steps are not per-target work; every other request (AssumeRole calls
  // included, which the sandbox logs under the calling home account) is.
  const homeStepCalls = result.accounts.find((a) => a.kind === "home")?.calls ?? 0;
  const callsPerAccount = (log.length - homeStepCalls) / N;
  const bound = criticalPathBound(sequential, flags.latencyMs, N, flags.concurrency);

  await sb.clearRequests();
  const rerunPlan = await planRollout(model, access, { concurrency: flags.concurrency });
  await sb.clearRequests();
  const rerunStarted = performance.now();
  const rerun = await runRollout(model, access, { concurrency: flags.concurrency });
  const rerunWall = (performance.now() - rerunStarted) / 1000;
  const rerunLog = await sb.requests();
  const rerunHome = rerun.accounts.find((a) => a.kind === "home")?.calls ?? 0;
  const rerunSequential = Math.max(...rerunPlan.accounts.filter((a) => a.kind === "target").map(targetCriticalPath));
  const rerunBound = criticalPathBound(rerunSequential, flags.latencyMs, N, flags.concurrency);

  console.log(`rollout: home + ${N} target accounts, ${flags.latencyMs} ms per call, concurrency ${flags.concurrency}${flags.inProcess ? " (sandbox in-process)" : ""}`);
  console.log(`  first run:  ${result.summary}; wall ${wall.toFixed(2)} s; ${log.length} calls (${callsPerAccount.toFixed(2)} per target, plan minimum ${minCallsPerAccount.toFixed(2)}); critical path ${sequential} calls → bound ${bound.toFixed(2)} s; ratio ${(wall / bound).toFixed(2)}`);
  console.log(`  second run: ${rerun.summary}; wall ${rerunWall.toFixed(2)} s; ${(rerunLog.length - rerunHome) / N} calls per target; bound ${rerunBound.toFixed(2)} s; ratio ${(rerunWall / rerunBound).toFixed(2)}; writes ${rerunLog.filter((r) => /^(Create|Attach|Put|Update|Delete)/.test(r.action)).length}`);
  if (result.failedAccounts.length) console.log(`  failed accounts: ${result.failedAccounts.join(", ")}`);
  console.log(
    keyValueLine({
      accounts: N,
      latency_ms: flags.latencyMs,
      concurrency: flags.concurrency,
      wall_s: wall,
      calls_per_account: callsPerAccount,
      min_calls_per_account: minCallsPerAccount,
      sequential_calls: sequential,
      bound_s: bound,
      ratio: wall / bound,
      failed: result.failedAccounts.length,
      rerun_changed: rerun.changed,
      rerun_wall_s: rerunWall,
      client_cpu_s: clientCpu,
    }),
  );
} finally {
  home.destroy();
  await sb.stop();
}
