// Step 4: every outcome is written to the delivery row, and only while this process still holds
// the claim (a row taken over by another process is theirs now: writing would undo their work).
//
// Accepted messages are recorded by group commit: while one UPDATE is on its way, the acceptances
// that arrive meanwhile queue up and go in the next one. An acceptance is thus written one
// database round trip after SMTP said 250, as with one UPDATE per message, but a busy run needs a
// fraction of the statements. The window between acceptance and record is what a crash can turn
// into a duplicate, so it is never widened on purpose (no timers, no batch-size waits).
import { maskEmail } from '../shared/logger.js';
import type { DeliveryDeps } from './deps.js';
import { classifyFailure, describeFailure, retryDelayMs, type RetryPolicy } from './failures.js';

export type DeliveryOutcome = 'sent' | 'skipped' | 'retry' | 'failed' | 'bounced' | 'lost-claim' | 'released';

/** After this many hard bounces in a row a subscriber is suspended. */
export const HARD_BOUNCE_LIMIT = 3;

export interface Recorder {
  sent(deliveryId: number, response: string, subject: string): Promise<DeliveryOutcome>;
  skipped(deliveryId: number, reason: string): Promise<DeliveryOutcome>;
  /** Classifies a failed attempt and records what follows from it: retry, failed or bounced. */
  failure(target: FailureTarget, error: unknown): Promise<DeliveryOutcome>;
  /** Gives claims back untouched (not an attempt), e.g. when a run stops early. */
  release(deliveryIds: number[]): Promise<void>;
}

export interface FailureTarget {
  id: number;
  subscriberId: number;
  email: string;
  /** Temporary failures recorded before this one. */
  attempts: number;
}

export interface RecorderOptions {
  claimant: string;
  retry: RetryPolicy;
  random: () => number;
  /** Called once the claim is no longer held, whatever the outcome. */
  onDone: (deliveryId: number) => void;
}

export function createRecorder(deps: DeliveryDeps, options: RecorderOptions): Recorder {
  const { prisma, log } = deps;
  const { claimant } = options;

  /** Writes `data` if the claim is still ours. */
  async function finish(deliveryId: number, data: Record<string, unknown>, outcome: DeliveryOutcome): Promise<DeliveryOutcome> {
    const { count } = await retryTransient(() =>
      prisma.delivery.updateMany({
        where: { id: deliveryId, status: 'sending', claimedBy: claimant },
        data: { ...data, claimedBy: null },
      }),
    );
    options.onDone(deliveryId);
    return count === 1 ? outcome : 'lost-claim';
  }

  const acceptances = groupCommit<{ id: number; response: string; subject: string }, boolean>(async (batch) => {
    const rows = await retryTransient(() => prisma.$queryRaw<Array<{ id: number }>>`
      UPDATE "Delivery" d
      SET status = 'sent', "sentAt" = ${deps.clock.now()}, "smtpResponse" = v.response, subject = v.subject,
          "lastError" = NULL, "claimedBy" = NULL
      FROM unnest(${batch.map((a) => a.id)}::int[], ${batch.map((a) => a.response)}::text[], ${batch.map((a) => a.subject)}::text[])
        AS v(id, response, subject)
      WHERE d.id = v.id AND d.status = 'sending' AND d."claimedBy" = ${claimant}
      RETURNING d.id`);
    const written = new Set(rows.map((row) => row.id));
    return batch.map((a) => written.has(a.id));
  });

  async function noteHardBounce(subscriberId: number): Promise<void> {
    const subscriber = await prisma.subscriber.update({
      where: { id: subscriberId },
      data: { hardBounces: { increment: 1 } },
      select: { hardBounces: true, status: true },
    });
    if (subscriber.hardBounces >= HARD_BOUNCE_LIMIT && subscriber.status === 'active') {
      await prisma.$transaction([
        prisma.subscriber.update({ where: { id: subscriberId }, data: { status: 'suspended' } }),
        prisma.subscriptionEvent.create({
          data: { subscriberId, type: 'suspended', source: 'bounce', detail: { hardBounces: subscriber.hardBounces } },
        }),
      ]);
      log.warn({ subscriberId, hardBounces: subscriber.hardBounces }, 'subscriber suspended after repeated hard bounces');
    }
  }

  return {
    async sent(deliveryId, response, subject) {
      const written = await acceptances({ id: deliveryId, response: response.slice(0, 1000), subject });
      options.onDone(deliveryId);
      return written ? 'sent' : 'lost-claim';
    },

    skipped(deliveryId, reason) {
      return finish(deliveryId, { status: 'skipped', skipReason: reason }, 'skipped');
    },

    async failure(target, error) {
      const reason = describeFailure(error);
      const who = maskEmail(target.email);
      const kind = classifyFailure(error);
      if (kind === 'permanent') {
        log.warn({ deliveryId: target.id, to: who, reason }, 'permanent failure: not retried');
        const outcome = await finish(target.id, { status: 'bounced', lastError: reason }, 'bounced');
        if (outcome === 'bounced') await noteHardBounce(target.subscriberId);
        return outcome;
      }
      const attempts = target.attempts + 1;
      if (attempts >= options.retry.maxAttempts) {
        log.error({ deliveryId: target.id, to: who, reason, attempts }, 'gave up after repeated temporary failures');
        return finish(target.id, { status: 'failed', attempts, lastError: reason }, 'failed');
      }
      const nextAttemptAt = new Date(deps.clock.now().getTime() + retryDelayMs(attempts, options.retry, options.random));
      log.info({ deliveryId: target.id, to: who, reason, attempts, nextAttemptAt }, 'temporary failure: will retry');
      return finish(target.id, { status: 'pending', attempts, lastError: reason, nextAttemptAt }, 'retry');
    },

    async release(deliveryIds) {
      if (deliveryIds.length === 0) return;
      await retryTransient(() =>
        prisma.delivery.updateMany({
          where: { id: { in: deliveryIds }, status: 'sending', claimedBy: claimant },
          data: { status: 'pending', claimedBy: null },
        }),
      );
      for (const id of deliveryIds) options.onDone(id);
    },
  };
}

/**
 * Runs a write again after a deadlock or serialization failure. Every write here is conditional
 * on the claim (status 'sending', claimedBy us), so running it twice cannot do harm.
 */
export async function retryTransient<T>(write: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || !isTransientDbError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
    }
  }
}

/** A deadlock or serialization failure: the statement was rolled back and may simply run again. */
export function isTransientDbError(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | undefined;
  const sqlState = e?.meta?.driverAdapterError?.cause?.originalCode;
  return sqlState === '40P01' || sqlState === '40001' || e?.code === 'P2034';
}

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
