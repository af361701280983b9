/**
 * Retry strategy for every SDK client: exponential back-off with jitter on throttling, timeouts
 * and 5xx answers, the same classification as the SDK's standard mode, but with tunable delays
 * (tests and benchmarks use milliseconds, production AWS's own base of 500 ms for throttling)
 * and without the SDK's shared retry quota: with hundreds of accounts in flight a drained quota
 * would make unrelated accounts fail fast on their first throttle.
 */
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from "@smithy/types";

export interface RetryOptions {
  /** Total attempts including the first (default 8). 1 disables retries. */
  maxAttempts?: number;
  /** Base delay for throttling errors in ms (default 500, as the SDK). */
  throttlingBaseDelayMs?: number;
  /** Base delay for transient/server errors in ms (default 100, as the SDK). */
  baseDelayMs?: number;
  /** Cap on a single back-off in ms (default 20 s, as the SDK). */
  maxDelayMs?: number;
  /** Called before each retry; `errorCode` is the AWS code (e.g. `Throttling`). */
  onRetry?: (event: { attempt: number; delayMs: number; errorType: string; errorCode: string }) => void;
  /** Called when a retryable error is not retried any more because attempts ran out. */
  onGiveUp?: (event: { attempts: number; errorType: string; errorCode: string }) => void;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

const NOT_RETRYABLE = new Set(["LimitExceeded", "LimitExceededException"]);

class Token implements RetryToken {
  constructor(
    private readonly retryCount: number,
    private readonly delay: number,
  ) {}
  getRetryCount(): number {
    return this.retryCount;
  }
  getRetryDelay(): number {
    return this.delay;
  }
}

function errorCodeOf(info: RetryErrorInfo): string {
  const e = info.error as { Code?: unknown; name?: unknown } | undefined;
  if (typeof e?.Code === "string") return e.Code;
  if (typeof e?.name === "string") return e.name;
  return info.errorType;
}

export class BackoffRetryStrategy implements RetryStrategyV2 {
  readonly mode = "standard";
  readonly maxAttempts: number;
  private readonly throttlingBase: number;
  private readonly base: number;
  private readonly maxDelay: number;

  constructor(private readonly options: RetryOptions = {}) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.throttlingBase = options.throttlingBaseDelayMs ?? 500;
    this.base = options.baseDelayMs ?? 100;
    this.maxDelay = options.maxDelayMs ?? 20_000;
  }

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return new Token(0, 0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    // The SDK classifies `LimitExceededException` as throttling (it is, for some services); IAM
    // uses `LimitExceeded` for quotas (5 policy versions, 2 access keys, roles per account), which
    // no retry will ever fix. IAM's rate limiting answers `Throttling`.
    const quota = NOT_RETRYABLE.has(errorCodeOf(info));
    const retryable = !quota && (info.errorType === "THROTTLING" || info.errorType === "TRANSIENT" || info.errorType === "SERVER_ERROR");
    const attempts = token.getRetryCount() + 1;
    if (!retryable) throw new Error("not retryable");
    if (attempts >= this.maxAttempts) {
      this.options.onGiveUp?.({ attempts, errorType: info.errorType, errorCode: errorCodeOf(info) });
      throw new Error("retry attempts exhausted");
    }
    const base = info.errorType === "THROTTLING" ? this.throttlingBase : this.base;
    const ceiling = Math.min(this.maxDelay, base * 2 ** token.getRetryCount());
    // "Equal jitter": never less than half the ceiling, so a burst of throttled callers spreads out
    // without some of them retrying immediately into the same empty token bucket.
    let delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    if (info.retryAfterHint instanceof Date) {
      delay = Math.max(delay, Math.min(info.retryAfterHint.getTime() - Date.now(), this.maxDelay));
    }
    this.options.onRetry?.({ attempt: attempts, delayMs: delay, errorType: info.errorType, errorCode: errorCodeOf(info) });
    return new Token(attempts, delay);
  }

  recordSuccess(): void {
    // No shared quota to refill (see the module comment).
  }
}
