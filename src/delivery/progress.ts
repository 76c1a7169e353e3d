// Progress of a run over its editions, counted in the database: with several processes sending,
// each one's bar shows the edition's progress, not only its own share. Deliveries finished before
// the run started are not part of its total; deliveries planned meanwhile (by another process)
// are added to it.
import type { PrismaClient } from '../db/index.js';
import type { Logger } from '../shared/logger.js';
import { countDeliveries } from './store/index.js';

export interface ProgressReporter {
  /** Reports the final figures and stops the timer. */
  stop(): Promise<void>;
}

export async function startProgress(
  prisma: PrismaClient,
  editionIds: number[],
  onProgress: ((done: number, total: number) => void) | undefined,
  intervalMs = 500,
): Promise<ProgressReporter> {
  if (!onProgress || editionIds.length === 0) return { stop: async () => {} };
  const start = await countDeliveries(prisma, editionIds);
  const finishedBefore = start.all - start.open;
  let reporting: Promise<void> | undefined;
  const report = () =>
    (reporting ??= countDeliveries(prisma, editionIds)
      .then(({ all, open }) => onProgress(all - open - finishedBefore, all - finishedBefore))
      .catch(() => {})
      .finally(() => (reporting = undefined)));
  onProgress(0, start.open);
  const timer = setInterval(report, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await reporting;
      await report();
    },
  };
}

/**
 * For runs without a terminal (the scheduler): a log line at most every `everyMs`. The figures are
 * the editions' (startProgress), whoever sends them, and the line says so: "120 of 400 deliveries
 * finished" read as this run's work while a `paperboy send` in a terminal was sending half of them.
 */
export function logProgress(log: Logger, label: string, everyMs = 15_000): (done: number, total: number) => void {
  let last = performance.now();
  return (done, total) => {
    const now = performance.now();
    if (now - last < everyMs || total === 0) return;
    last = now;
    log.info({ run: label, done, total }, `${label}: ${done} of the ${total} deliveries due in this run's editions finished (by this run or any other sending them)`);
  };
}
