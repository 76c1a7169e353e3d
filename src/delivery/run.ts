// A send run: plan the deliveries that are due (or all, with --now), then claim and send them
// until none is left that this run may take.
import { createMatcher, type Matcher } from '../matching/index.js';
import { forEachLimit } from '../shared/concurrency.js';
import type { DeliveryDeps } from './deps.js';
import { claimBatch } from './claim.js';
import { planDeliveries } from './plan.js';
import { processDelivery, type DeliveryOutcome } from './worker.js';

export interface SendSummary {
  subscribers: number;
  sent: number;
  skipped: number;
  failed: number;
}

export interface SendOptions {
  mode: 'now' | 'due';
  batchSize?: number;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export async function runSend(deps: DeliveryDeps, options: SendOptions): Promise<SendSummary> {
  const started = deps.clock.now();
  const plan = await planDeliveries(deps.prisma, { now: started, mode: options.mode, mailFrom: deps.mailFrom });
  const outcomes = await drain(deps, createMatcher(deps.prisma, { now: started }), options);
  const summary: SendSummary = {
    subscribers: plan.subscribers,
    sent: outcomes.sent,
    skipped: outcomes.skipped,
    failed: outcomes.failed + outcomes.bounced + outcomes.retry,
  };
  deps.log.info({ run: 'send', mode: options.mode, planned: plan.planned, ...summary, ms: deps.clock.now().getTime() - started.getTime() }, 'send run finished');
  return summary;
}

/** Claims and processes deliveries until none is claimable now. */
export async function drain(deps: DeliveryDeps, matcher: Matcher, options: Pick<SendOptions, 'batchSize' | 'concurrency' | 'onProgress'> = {}) {
  const counts: Record<DeliveryOutcome, number> = { sent: 0, skipped: 0, retry: 0, failed: 0, bounced: 0, 'lost-claim': 0 };
  let done = 0;
  for (;;) {
    const ids = await claimBatch(deps.prisma, { instanceId: deps.instanceId, now: deps.clock.now(), limit: options.batchSize ?? 100 });
    if (ids.length === 0) break;
    await forEachLimit(ids, options.concurrency ?? 8, async (id) => {
      counts[await processDelivery(deps, matcher, id)]++;
      options.onProgress?.(++done, done + ids.length);
    });
  }
  return counts;
}
