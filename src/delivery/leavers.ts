// Readers who leave while a run goes. A batch of deliveries is read with its readers' status minutes
// before its last message goes on a rate-limited relay, and readers told "Unsubscribed …: no more
// digests", or erased, were mailed after it. Right before a message is handed over, its reader's
// status is asked here: read for every delivery the run holds at once, at most once per FRESH_MS,
// so that the check costs one query a second rather than one per message (a query per message cost
// the resend path a quarter of its rate in bench:send). A reader who leaves within that second of
// their turn may still get that one digest; their next is never planned.
import type { PrismaClient } from '../db/index.js';
import { recipientStatuses } from './store/index.js';

export const FRESH_MS = 1000;

export interface LeaverWatch {
  /** The reader's status ('active', 'unsubscribed', …), or null when the delivery is gone (erased). */
  statusOf(deliveryId: number): Promise<string | null>;
}

/** `now`: the run's clock in ms (a clock set back reads again at once rather than trusting old answers). */
export function watchLeavers(prisma: PrismaClient, held: ReadonlySet<number>, now: () => number): LeaverWatch {
  let statuses = new Map<number, string>();
  let asked = new Set<number>();
  let readAt = -Infinity;
  let reading: Promise<void> | null = null;
  const read = (also: number) => {
    reading ??= (async () => {
      const ids = [...new Set([...held, also])];
      const started = now();
      statuses = await recipientStatuses(prisma, ids);
      asked = new Set(ids);
      readAt = started;
    })().finally(() => {
      reading = null;
    });
    return reading;
  };
  return {
    async statusOf(deliveryId) {
      const stale = () => now() - readAt >= FRESH_MS || now() < readAt || !asked.has(deliveryId);
      while (stale()) await read(deliveryId);
      return statuses.get(deliveryId) ?? null;
    },
  };
}
