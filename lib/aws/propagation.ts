/**
 * IAM is eventually consistent: a new role, access key or policy version can take seconds (AWS
 * says "usually within a minute or two") before STS and other services honour it. Until then AWS
 * answers as if it did not exist: `AccessDenied` for AssumeRole, `InvalidClientTokenId` for a new
 * key. Right after we created or changed something, those answers mean "propagating", not
 * "failed", and we retry with back-off for up to about two minutes.
 */
import { awsErrorCode } from "./errors";

export const DEFAULT_PROPAGATION_WINDOW_MS = 120_000;

const PROPAGATION_CODES = new Set(["AccessDenied", "AccessDeniedException", "InvalidClientTokenId", "UnrecognizedClientException", "AuthFailure", "UnauthorizedOperation"]);

export function isPropagationError(err: unknown): boolean {
  return PROPAGATION_CODES.has(awsErrorCode(err));
}

export interface PropagationOptions {
  /** How long to keep retrying (default two minutes). */
  windowMs?: number;
  /** First pause (default 250 ms), doubled up to `maxDelayMs` (default 5 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Called before each wait, so the caller can say "propagating" instead of "failed". */
  onPropagating?: (info: { attempt: number; elapsedMs: number; code: string; nextDelayMs: number }) => void;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs `fn`, retrying while its failure looks like IAM propagation, until the window closes. */
export async function retryWhilePropagating<T>(fn: () => Promise<T>, options: PropagationOptions = {}): Promise<T> {
  const windowMs = options.windowMs ?? DEFAULT_PROPAGATION_WINDOW_MS;
  const maxDelay = options.maxDelayMs ?? 5_000;
  let delay = options.initialDelayMs ?? 250;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const elapsed = Date.now() - started;
      if (!isPropagationError(err) || elapsed >= windowMs) throw err;
      const nextDelayMs = Math.min(delay, maxDelay, Math.max(1, windowMs - elapsed));
      options.onPropagating?.({ attempt, elapsedMs: elapsed, code: awsErrorCode(err), nextDelayMs });
      await sleep(nextDelayMs, options.signal);
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
