/**
 * `npm run sandbox`: start the AWS sandbox in the foreground. The first line of standard output
 * is one JSON object (endpoints, CA file, account credentials) for scripts; help follows.
 */
import { parseArgs } from "node:util";
import { generateOrganization, IAM_QUOTAS, startSandbox, type FaultConfig, type QuotaSettings } from "./index";

const USAGE = `Usage: npm run sandbox -- [options]
  --port N            HTTP port (default 4566)
  --https-port N      HTTPS port (default 4567)
  --no-https          do not start the HTTPS listener
  --host ADDR         listen address (default 127.0.0.1; the control API has no authentication)
  --fixture FILE      seed from a JSON fixture (default sandbox/fixtures/default-organization.json)
  --members N         seed a generated organization with N member accounts instead
  --seed N            seed of the generated organization (default 1)
  --latency-ms N      latency added to every call
  --jitter-ms N       random extra latency in [0, N]
  --throttle-rps N    token bucket per account and API (burst = max(1, N))
  --propagation-ms N  IAM propagation delay for new roles, keys and policy changes
  --quota NAME=N      an IAM quota other than AWS's default (repeatable; up to AWS's maximum):
                      ${Object.keys(IAM_QUOTAS).join(", ")}
  --help`;

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "https-port": { type: "string" },
    "no-https": { type: "boolean" },
    host: { type: "string" },
    fixture: { type: "string" },
    members: { type: "string" },
    seed: { type: "string" },
    "latency-ms": { type: "string" },
    "jitter-ms": { type: "string" },
    "throttle-rps": { type: "string" },
    "propagation-ms": { type: "string" },
    quota: { type: "string", multiple: true },
    help: { type: "boolean" },
  },
  strict: true,
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const faults: FaultConfig = {};
const latency = number(values["latency-ms"], "latency-ms");
const jitter = number(values["jitter-ms"], "jitter-ms");
const rps = number(values["throttle-rps"], "throttle-rps");
const propagation = number(values["propagation-ms"], "propagation-ms");
if (latency !== undefined) faults.latencyMs = latency;
if (jitter !== undefined) faults.jitterMs = jitter;
if (rps !== undefined && rps > 0) faults.throttle = { ratePerSecond: rps, burst: Math.max(1, Math.round(rps)) };
if (propagation !== undefined) faults.propagationDelayMs = propagation;

const quotas: Record<string, number> = {};
for (const setting of values.quota ?? []) {
  const m = /^([A-Za-z]+)=(\d+)$/.exec(setting);
  if (!m) {
    console.error(`--quota takes NAME=N, e.g. managedPoliciesPerUser=20 (got ${JSON.stringify(setting)})`);
    process.exit(2);
  }
  quotas[m[1]!] = Number(m[2]);
}

const members = number(values.members, "members");
const sandbox = await startSandbox({
  host: values.host ?? "127.0.0.1",
  port: number(values.port, "port") ?? 4566,
  httpsPort: number(values["https-port"], "https-port") ?? 4567,
  https: !values["no-https"],
  fixture: members !== undefined ? generateOrganization({ members, seed: number(values.seed, "seed") ?? 1 }) : values.fixture,
  faults,
  quotas: quotas as QuotaSettings,
}).catch((error: unknown) => {
  console.error(`[sandbox] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});

console.log(
  JSON.stringify({
    endpoint: sandbox.endpoint,
    httpsEndpoint: sandbox.httpsEndpoint,
    caFile: sandbox.caFile,
    controlUrl: sandbox.controlUrl,
    home: sandbox.home,
    accounts: sandbox.accounts,
  }),
);
console.log(`
Beaconport AWS sandbox: IAM, STS, EC2, RDS and Organizations for ${sandbox.accounts.length} accounts.
One endpoint for every service: ${sandbox.endpoint}${sandbox.httpsEndpoint ? ` (HTTPS: ${sandbox.httpsEndpoint}, CA: ${sandbox.caFile})` : ""}

AWS CLI (home account):
  AWS_ACCESS_KEY_ID=${sandbox.home.accessKeyId} AWS_SECRET_ACCESS_KEY=<secret from the JSON line> \\
    aws --endpoint-url ${sandbox.endpoint} --region us-east-1 sts get-caller-identity
AWS SDK v3: new STSClient({ endpoint: "${sandbox.endpoint}", region: "us-east-1", credentials: {...} })
Node over HTTPS: NODE_EXTRA_CA_CERTS=${sandbox.caFile ?? "<caFile>"}

Control API (JSON): GET ${sandbox.controlUrl}  |  GET/PUT/DELETE ${sandbox.controlUrl}/faults
  GET/DELETE ${sandbox.controlUrl}/requests  |  GET ${sandbox.controlUrl}/state  |  POST ${sandbox.controlUrl}/reset
  GET/PUT/DELETE ${sandbox.controlUrl}/quotas (IAM quotas: raise up to AWS's maximum, or lower for tests)
Press Ctrl+C to stop.`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.error(`[sandbox] ${signal}: stopping`);
  await sandbox.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
