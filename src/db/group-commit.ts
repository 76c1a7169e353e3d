// Group commit: writes that arrive while one batch is being written go together in the next one.
// Each write is thus one round trip away from being durable, as with one statement per write,
// yet a busy caller needs a fraction of the statements (delivery/record.ts records accepted
// messages this way).

/**
 * Turns a batch operation into a per-item one: items submitted while a batch is being written
 * form the next batch. Nothing waits for a batch to fill up.
 */
export function groupCommit<T, R>(writeBatch: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  let queue: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  let writing = false;
  async function drainQueue() {
    writing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const results = await writeBatch(batch.map((entry) => entry.item));
        batch.forEach((entry, i) => entry.resolve(results[i]!));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    writing = false;
  }
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!writing) void drainQueue();
    });
}
