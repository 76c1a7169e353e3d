/** Runs `work` over `items` with at most `limit` in flight; resolves when all are done. */
export async function forEachLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(runners);
}

/**
 * Waits for `work` to settle (resolve or reject), at most `ms`, or until `signal` aborts, and says
 * which came first. The timer is cleared whichever it is, so no timer outlives the wait.
 */
export function settleWithin(work: Promise<unknown>, ms: number, signal?: AbortSignal): Promise<'settled' | 'timed-out' | 'aborted'> {
  if (signal?.aborted) return Promise.resolve('aborted');
  return new Promise((resolve) => {
    const finish = (outcome: 'settled' | 'timed-out' | 'aborted') => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = () => finish('aborted');
    const timer = setTimeout(() => finish('timed-out'), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      () => finish('settled'),
      () => finish('settled'),
    );
  });
}
