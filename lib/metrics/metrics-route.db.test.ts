import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format";
import { GET } from "@/app/api/metrics/route";
import { recordAudit } from "@/lib/audit";
import { createAwsClients } from "@/lib/aws/clients";
import { resetEnvCache } from "@/lib/env";
import { setLogSink } from "@/lib/log";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { resetProcessMetrics } from "./process-metrics";

/**
 * Issue 16, item 2: GET /api/metrics through the real route handler, on a real database, parsed by a
 * Prometheus text-format parser (not prom-client's own registry). Also every refusal an attacker would try.
 */
const TOKEN = "metrics-token-0123456789abcdef0123456789abcdef";
const ACCOUNT_FAILED = "222222222222";
const ACCOUNT_PASSED = "333333333333";
const ACCOUNT_UNTESTED = "444444444444";
const CONNECTION_NAME = "Production estate";
const ACCOUNT_NAME = "payments-prod";

let t: TestDatabase;
let connectionId = "";
const logLines: string[] = [];
let restoreSink: ReturnType<typeof setLogSink>;

// A minimal STS on loopback that throttles once, then answers: one call, one throttle.
let throttleNext = 1;
const sts = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.setHeader("content-type", "text/xml");
    if (throttleNext-- > 0) {
      res.statusCode = 400;
      res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>`);
      return;
    }
    res.end(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::111111111111:user/c</Arn><UserId>AIDA</UserId><Account>111111111111</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`);
  });
});

function setEnv(values: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

function scrape(init: { url?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  return GET(new Request(init.url ?? "http://127.0.0.1:3000/api/metrics", { headers: init.headers ?? { authorization: `Bearer ${TOKEN}` } }));
}

function family(families: ParsedFamily[], name: string): ParsedFamily {
  const f = families.find((x) => x.name === name);
  if (!f) throw new Error(`no metric family ${name}`);
  return f;
}

function value(families: ParsedFamily[], name: string, labels: Record<string, string> = {}): number {
  const sample = family(families, name).metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (!sample?.value) throw new Error(`no sample ${name} ${JSON.stringify(labels)}`);
  return Number(sample.value);
}

beforeAll(async () => {
  t = await useTestDatabase();
  restoreSink = setLogSink((line) => logLines.push(line));
  resetProcessMetrics();
  setEnv({ BEACONPORT_METRICS_TOKEN: TOKEN, BEACONPORT_METRICS_ACCOUNT_LABELS: undefined });
  await new Promise<void>((r) => sts.listen(0, "127.0.0.1", r));

  const now = Date.now();
  const ago = (ms: number) => new Date(now - ms);
  const saved = await t.db.connection.create({
    data: {
      name: CONNECTION_NAME,
      status: "saved",
      model: "{}",
      lastTestStatus: "failed",
      lastTestAt: ago(60_000),
      driftFindings: JSON.stringify([{ rule: "collector-policy-changed" }]),
      targets: {
        create: [
          { accountId: ACCOUNT_FAILED, name: ACCOUNT_NAME, lastTestStatus: "failed", lastTestAt: ago(60_000), driftFindings: JSON.stringify([{ rule: "role-missing" }, { rule: "trust-changed" }]) },
          { accountId: ACCOUNT_PASSED, lastTestStatus: "passed", lastTestAt: ago(60_000) },
          { accountId: ACCOUNT_UNTESTED },
        ],
      },
    },
  });
  connectionId = saved.id;
  // A draft is a setup in progress: not monitored.
  await t.db.connection.create({ data: { name: "Draft", status: "draft", model: "{}", targets: { create: [{ accountId: "555555555555", lastTestStatus: "failed" }] } } });
  // The latest test in which every account passed: 10 minutes ago.
  await t.db.run.create({ data: { connectionId, kind: "scheduled-test", status: "succeeded", createdAt: ago(11 * 60_000), finishedAt: ago(10 * 60_000) } });
  await t.db.run.create({ data: { connectionId, kind: "scheduled-test", status: "failed", createdAt: ago(2 * 60_000), finishedAt: ago(60_000) } });

  const schedule = await t.db.schedule.create({ data: { name: "AWS imports" } });
  const tick = (status: string, trigger: string, startedMs: number, seconds: number | null, dueMs: number) =>
    t.db.scheduleTick.create({ data: { scheduleId: schedule.id, dueAt: ago(dueMs), trigger, instanceId: "test", status, startedAt: ago(startedMs), finishedAt: seconds === null ? null : new Date(now - startedMs + seconds * 1000) } });
  await tick("succeeded", "schedule", 3 * 3_600_000, 42, 3 * 3_600_000);
  await tick("failed", "schedule", 2 * 3_600_000, 400, 2 * 3_600_000);
  await tick("partial", "manual", 90 * 60_000, 8, 90 * 60_000);
  await tick("interrupted", "schedule", 80 * 60_000, 3_000, 80 * 60_000);
  await tick("running", "schedule", 60_000, null, 60_000);

  await recordAudit({ action: "auth.login.failed", actor: { id: null, email: "mallory@x.test" }, ip: "203.0.113.9" });
  await recordAudit({ action: "auth.login.failed", actor: { id: null, email: "mallory@x.test" }, ip: "203.0.113.9" });
  await recordAudit({ action: "auth.login.blocked", actor: { id: null, email: "mallory@x.test" }, ip: "203.0.113.9" });
  await recordAudit({ action: "auth.login", actor: { id: null, email: "ada@x.test" }, ip: "203.0.113.1" });

  const aws = createAwsClients({ credentials: { accessKeyId: "AKIAMETRICSTEST00001", secretAccessKey: "metricsTestSecret0123456789abcdefghijklm" }, endpoint: `http://127.0.0.1:${(sts.address() as AddressInfo).port}`, region: "us-east-1", retry: { maxAttempts: 3, throttlingBaseDelayMs: 1, baseDelayMs: 1 } });
  await aws.sts.send(new GetCallerIdentityCommand({}));
  aws.destroy();
});

afterAll(async () => {
  setLogSink(restoreSink);
  setEnv({ BEACONPORT_METRICS_TOKEN: undefined, BEACONPORT_METRICS_ACCOUNT_LABELS: undefined });
  await new Promise<void>((r) => sts.close(() => r()));
  await t.cleanup();
});

describe("GET /api/metrics with the configured token", () => {
  it("answers the exposition format, parsed by a Prometheus text-format parser, with every promised metric", async () => {
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    const families = parsePrometheusTextFormat(text);

    // Accounts by status per (saved) connection; the draft is not there.
    expect(family(families, "beaconport_accounts").type).toBe("GAUGE");
    expect(value(families, "beaconport_accounts", { connection: connectionId, status: "failed" })).toBe(1);
    expect(value(families, "beaconport_accounts", { connection: connectionId, status: "passed" })).toBe(1);
    expect(value(families, "beaconport_accounts", { connection: connectionId, status: "untested" })).toBe(1);
    expect(family(families, "beaconport_accounts").metrics).toHaveLength(3);

    // Seconds since the latest fully passing test: the succeeded run 10 minutes ago (the latest test failed).
    const since = value(families, "beaconport_connection_seconds_since_last_successful_test", { connection: connectionId });
    expect(since).toBeGreaterThanOrEqual(600);
    expect(since).toBeLessThan(700);

    // Open drift: one on the home account, two on a target account.
    expect(value(families, "beaconport_drift_findings_open", { connection: connectionId })).toBe(3);

    // Scheduled runs: counts by final status and trigger, the running one, and the duration histogram.
    expect(family(families, "beaconport_scheduled_runs_total").type).toBe("COUNTER");
    expect(value(families, "beaconport_scheduled_runs_total", { status: "succeeded", trigger: "schedule" })).toBe(1);
    expect(value(families, "beaconport_scheduled_runs_total", { status: "failed", trigger: "schedule" })).toBe(1);
    expect(value(families, "beaconport_scheduled_runs_total", { status: "partial", trigger: "manual" })).toBe(1);
    expect(value(families, "beaconport_scheduled_runs_total", { status: "interrupted", trigger: "schedule" })).toBe(1);
    expect(value(families, "beaconport_scheduled_runs_running")).toBe(1);
    const histogram = family(families, "beaconport_scheduled_run_duration_seconds");
    expect(histogram.type).toBe("HISTOGRAM");
    // Unlabelled on purpose: this parser (like prom2json) folds a labelled histogram's series into one.
    const [runs] = histogram.metrics;
    // 42 s, 400 s and 8 s (the interrupted tick's "duration" is the sweeper's, not the run's: left out).
    expect(runs?.count).toBe("3");
    expect(Number(runs?.sum)).toBeCloseTo(450, 0);
    expect(runs?.buckets?.["15"]).toBe("1");
    expect(runs?.buckets?.["60"]).toBe("2");
    expect(runs?.buckets?.["600"]).toBe("3");

    // AWS calls and throttles by service, counted by the one client factory.
    expect(value(families, "beaconport_aws_calls_total", { service: "sts", outcome: "ok" })).toBe(1);
    expect(value(families, "beaconport_aws_throttles_total", { service: "sts" })).toBe(1);

    // Sign-in failures from the audit trail, by reason.
    expect(value(families, "beaconport_sign_in_failures_total", { reason: "wrong_password" })).toBe(2);
    expect(value(families, "beaconport_sign_in_failures_total", { reason: "rate_limited" })).toBe(1);
    expect(value(families, "beaconport_sign_in_failures_total", { reason: "disabled_user" })).toBe(0);

    // The audit chain verifies.
    expect(value(families, "beaconport_audit_chain_valid")).toBe(1);
    expect(value(families, "beaconport_audit_chain_events")).toBe(4);
  });

  it("a second scrape does not count a scheduled run twice", async () => {
    const families = parsePrometheusTextFormat(await (await scrape()).text());
    expect(family(families, "beaconport_scheduled_run_duration_seconds").metrics[0]?.count).toBe("3");
  });

  it("carries no account ID, account name, connection name or token unless the operator opts in", async () => {
    const text = await (await scrape()).text();
    for (const secretish of [ACCOUNT_FAILED, ACCOUNT_PASSED, ACCOUNT_UNTESTED, ACCOUNT_NAME, CONNECTION_NAME, TOKEN, "mallory", "203.0.113.9"]) expect(text).not.toContain(secretish);
    expect(text).not.toContain("beaconport_account_test_passed");
  });

  it("with BEACONPORT_METRICS_ACCOUNT_LABELS=true, names the connection and each tested account", async () => {
    setEnv({ BEACONPORT_METRICS_ACCOUNT_LABELS: "true" });
    try {
      const families = parsePrometheusTextFormat(await (await scrape()).text());
      expect(value(families, "beaconport_accounts", { connection: connectionId, connection_name: CONNECTION_NAME, status: "failed" })).toBe(1);
      expect(value(families, "beaconport_account_test_passed", { account_id: ACCOUNT_FAILED, account_name: ACCOUNT_NAME })).toBe(0);
      expect(value(families, "beaconport_account_test_passed", { account_id: ACCOUNT_PASSED })).toBe(1);
      expect(family(families, "beaconport_account_test_passed").metrics.some((m) => m.labels?.account_id === ACCOUNT_UNTESTED)).toBe(false);
    } finally {
      setEnv({ BEACONPORT_METRICS_ACCOUNT_LABELS: undefined });
    }
  });

  it("reports a tampered audit chain as 0 at the next verification", async () => {
    await t.rawExec(`UPDATE "AuditEvent" SET "actorEmail" = $1 WHERE "seq" = 2`, ["eve@x.test"]);
    resetProcessMetrics(); // the verdict is cached for minutes; a fresh process verifies at once
    const families = parsePrometheusTextFormat(await (await scrape()).text());
    expect(value(families, "beaconport_audit_chain_valid")).toBe(0);
  });
});

describe("GET /api/metrics refuses", () => {
  const refusals: [string, { url?: string; headers?: Record<string, string> }, number][] = [
    ["no Authorization header", { headers: {} }, 401],
    ["a wrong token of the same length", { headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}x` } }, 401],
    ["a prefix of the token", { headers: { authorization: `Bearer ${TOKEN.slice(0, 16)}` } }, 401],
    ["the token with a suffix", { headers: { authorization: `Bearer ${TOKEN}x` } }, 401],
    ["the token as Basic credentials", { headers: { authorization: `Basic ${Buffer.from(`prometheus:${TOKEN}`).toString("base64")}` } }, 401],
    ["the bare token without a scheme", { headers: { authorization: TOKEN } }, 401],
    ["two tokens", { headers: { authorization: `Bearer ${TOKEN} ${TOKEN}` } }, 401],
    ["a session cookie instead of the token", { headers: { cookie: "authjs.session-token=anything" } }, 401],
    ["the token in the query string", { url: `http://127.0.0.1:3000/api/metrics?token=${TOKEN}`, headers: {} }, 400],
    ["the token in the query string, even with the right header too", { url: `http://127.0.0.1:3000/api/metrics?access_token=${TOKEN}` }, 400],
  ];
  it.each(refusals)("%s", async (_what, init, status) => {
    logLines.length = 0;
    const response = await scrape(init);
    expect(response.status).toBe(status);
    const body = await response.text();
    expect(body).not.toContain("beaconport_");
    expect(body).not.toContain(TOKEN);
    expect(body).not.toContain(TOKEN.slice(0, 16));
    if (status === 401) expect(response.headers.get("www-authenticate")).toBe('Bearer realm="beaconport-metrics"');
    // The log names the refusal, never the presented value.
    for (const line of logLines) expect(line).not.toContain(TOKEN.slice(0, 16));
  });

  it("answers 404 while BEACONPORT_METRICS_TOKEN is unset, whatever is presented", async () => {
    setEnv({ BEACONPORT_METRICS_TOKEN: undefined });
    try {
      const variants: Record<string, string>[] = [{}, { authorization: `Bearer ${TOKEN}` }, { authorization: "Bearer " }];
      for (const headers of variants) {
        const response = await scrape({ headers });
        expect(response.status).toBe(404);
        expect(await response.text()).not.toContain("beaconport_");
      }
    } finally {
      setEnv({ BEACONPORT_METRICS_TOKEN: TOKEN });
    }
  });
});
