/** "in 4 minutes" / "in 30 seconds": how long until `retryAt` (the sign-in limits, lib/auth/login-limiter.ts). */
export function describeRetry(retryAt: Date, now: Date): string {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  if (seconds < 90) return `in ${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minutes`;
}
