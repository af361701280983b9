/**
 * Fault injection: latency, token-bucket throttling, propagation delay and scripted failures.
 * All state is in memory and reset by `set()`/`clear()`.
 */
import { z } from "zod";
import { AwsError } from "./errors";
import type { FaultConfig } from "./types";

const nonNegative = z.number().finite().min(0);

export const faultConfigSchema = z
  .object({
    latencyMs: nonNegative.optional(),
    jitterMs: nonNegative.optional(),
    latency: z
      .array(
        z.object({
          service: z.string().optional(),
          action: z.string().optional(),
          latencyMs: nonNegative,
          jitterMs: nonNegative.optional(),
        }),
      )
      .optional(),
    throttle: z
      .object({
        ratePerSecond: z.number().finite().positive(),
        burst: z.number().finite().min(1),
        services: z.array(z.string()).optional(),
        accounts: z.array(z.string()).optional(),
        actions: z.array(z.string()).optional(),
      })
      .optional(),
    propagationDelayMs: nonNegative.optional(),
    script: z
      .array(
        z.object({
          action: z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9]+$/),
          nth: z.number().int().min(1),
          count: z.number().int().min(1).optional(),
          accountId: z.string().optional(),
          error: z.object({
            code: z.string().min(1),
            message: z.string().optional(),
            status: z.number().int().min(400).max(599).optional(),
          }),
        }),
      )
      .optional(),
  })
  .strict();

interface Bucket {
  tokens: number;
  last: number;
}

export class FaultEngine {
  private config: FaultConfig = {};
  private buckets = new Map<string, Bucket>();
  private scriptCounters: number[] = [];

  constructor(initial?: FaultConfig) {
    if (initial) this.set(initial);
  }

  set(config: FaultConfig): void {
    this.config = faultConfigSchema.parse(config);
    this.buckets.clear();
    this.scriptCounters = (this.config.script ?? []).map(() => 0);
  }

  clear(): void {
    this.set({});
  }

  get(): FaultConfig {
    return structuredClone(this.config);
  }

  get propagationDelayMs(): number {
    return this.config.propagationDelayMs ?? 0;
  }

  /** Milliseconds to wait before answering `service:action`. */
  latencyFor(service: string, action: string): number {
    const rule = this.config.latency?.find(
      (r) => (r.service === undefined || r.service === service) && (r.action === undefined || r.action === `${service}:${action}`),
    );
    const base = rule ? rule.latencyMs : (this.config.latencyMs ?? 0);
    const jitter = rule ? (rule.jitterMs ?? 0) : (this.config.jitterMs ?? 0);
    return base + (jitter > 0 ? Math.random() * jitter : 0);
  }

  /** true when this call has no token left in its account+API bucket. */
  throttled(accountId: string, service: string, action: string, now: number): boolean {
    const t = this.config.throttle;
    if (!t) return false;
    if (t.services && !t.services.includes(service)) return false;
    if (t.accounts && !t.accounts.includes(accountId)) return false;
    if (t.actions && !t.actions.includes(`${service}:${action}`)) return false;
    const key = `${accountId}|${service}:${action}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: t.burst, last: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(t.burst, bucket.tokens + ((now - bucket.last) / 1000) * t.ratePerSecond);
    bucket.last = now;
    if (bucket.tokens < 1) return true;
    bucket.tokens -= 1;
    return false;
  }

  /** The scripted error for this call, if a rule says so (every matching rule counts the call). */
  scripted(accountId: string | undefined, service: string, action: string): AwsError | undefined {
    const rules = this.config.script ?? [];
    let failure: AwsError | undefined;
    rules.forEach((rule, index) => {
      if (rule.action !== `${service}:${action}`) return;
      if (rule.accountId !== undefined && rule.accountId !== accountId) return;
      const n = (this.scriptCounters[index] ?? 0) + 1;
      this.scriptCounters[index] = n;
      if (!failure && n >= rule.nth && n < rule.nth + (rule.count ?? 1)) {
        failure = new AwsError(rule.error.code, rule.error.message ?? `Scripted failure of ${rule.action}`, rule.error.status ?? 400);
      }
    });
    return failure;
  }
}
