import "server-only";
import { Counter, Histogram, Registry } from "prom-client";

/**
 * Metrics counted by this process as things happen (AWS calls), plus the scheduled-run histogram that the
 * scrape feeds from the database. Next bundles a module once per server bundle (instrumentation, each
 * route), so the registry lives on globalThis under a registry symbol: the AWS client factory in one bundle
 * and the metrics route in another count into the same counters.
 */
const KEY = Symbol.for("beaconport.metrics");

export interface ProcessMetrics {
  registry: Registry;
  awsCalls: Counter<"service" | "outcome">;
  awsThrottles: Counter<"service">;
  scheduledRunDuration: Histogram;
  /** Finished schedule ticks already observed into the histogram: everything finished up to this instant. */
  scheduledRunCursor: Date;
  /** One scrape at a time updates the cursor, so a tick is never observed twice. */
  scrape: Promise<unknown> | null;
  audit: { at: Date; ok: boolean; events: number } | null;
}

function create(): ProcessMetrics {
  const registry = new Registry();
  return {
    registry,
    awsCalls: new Counter({
      name: "beaconport_aws_calls_total",
      help: "AWS API operations made by this process (after retries), by service and outcome.",
      labelNames: ["service", "outcome"],
      registers: [registry],
    }),
    awsThrottles: new Counter({
      name: "beaconport_aws_throttles_total",
      help: "Throttling answers from AWS seen by this process (each one, retried or not), by service.",
      labelNames: ["service"],
      registers: [registry],
    }),
    scheduledRunDuration: new Histogram({
      name: "beaconport_scheduled_run_duration_seconds",
      help: "Duration of finished scheduled runs (AWS imports re-verification, timer and Run now), from the database.",
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200],
      registers: [registry],
    }),
    scheduledRunCursor: new Date(0),
    scrape: null,
    audit: null,
  };
}

export function processMetrics(): ProcessMetrics {
  const holder = globalThis as { [KEY]?: ProcessMetrics };
  return (holder[KEY] ??= create());
}

/** One SDK operation finished (lib/aws/clients.ts). The service is one of five fixed names: no free text. */
export function recordAwsCall(service: string, ok: boolean): void {
  processMetrics().awsCalls.inc({ service, outcome: ok ? "ok" : "error" });
}

/** AWS answered with throttling (lib/aws/clients.ts, from the retry strategy). */
export function recordAwsThrottle(service: string): void {
  processMetrics().awsThrottles.inc({ service });
}

/** Tests start from zero. */
export function resetProcessMetrics(): void {
  const holder = globalThis as { [KEY]?: ProcessMetrics };
  holder[KEY] = undefined;
}
