/**
 * Runs `fn` over `items` with at most `concurrency` in flight, in input order of start. Results
 * keep input order. A rejected item does not stop the others: callers that want "one bad account
 * never fails the others" catch inside `fn`; an uncaught rejection is rethrown after all settle.
 */
export async function mapPool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let firstError: { error: unknown } | undefined;
  const width = Math.max(1, Math.min(concurrency, items.length));
  const workers = Array.from({ length: width }, async () => {
    while (next < items.length) {
      if (signal?.aborted) return;
      const i = next++;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (error) {
        firstError ??= { error };
      }
    }
  });
  await Promise.all(workers);
  if (firstError) throw firstError.error;
  return results;
}

/** A semaphore for work discovered on the way (e.g. roles found while policies are still being read). */
export function createLimiter(concurrency: number): <R>(fn: () => Promise<R>) => Promise<R> {
  let active = 0;
  const queue: (() => void)[] = [];
  const width = Math.max(1, concurrency);
  return async <R>(fn: () => Promise<R>): Promise<R> => {
    // A finishing task hands its slot straight to the next waiter, so no newcomer can slip in between.
    if (active >= width) await new Promise<void>((resolve) => queue.push(resolve));
    else active++;
    try {
      return await fn();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}
