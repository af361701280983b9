/**
 * Sliding-window lockout, as a pure function over the times of recent failures: at `max` failures
 * within `windowMs`, the key is locked until the oldest of those failures leaves the window.
 */
export interface LimitPolicy {
  max: number;
  windowMs: number;
}

export type LimitVerdict = { limited: false; remaining: number } | { limited: true; retryAt: Date };

export function evaluateLimit(failures: readonly Date[], now: Date, policy: LimitPolicy): LimitVerdict {
  const since = now.getTime() - policy.windowMs;
  const recent = failures.map((d) => d.getTime()).filter((t) => t > since).sort((a, b) => b - a);
  if (recent.length < policy.max) return { limited: false, remaining: policy.max - recent.length };
  // The max-th most recent failure is the one whose expiry brings the count back under the limit.
  const pivot = recent[policy.max - 1]!;
  return { limited: true, retryAt: new Date(pivot + policy.windowMs) };
}

/** "in 4 minutes" / "in 30 seconds": how long until `retryAt`. */
export function describeRetry(retryAt: Date, now: Date): string {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  if (seconds < 90) return `in ${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minutes`;
}
