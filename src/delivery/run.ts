// A send run: plan the deliveries that are due (or all, with --now), then claim and send them
// until the run's editions are complete, or until what is left cannot be sent before the run's
// deadline (retries backing off further than that are left to the next scheduled run).
import { createMatcher, type Matcher } from '../matching/index.js';
import { ConfigError } from '../shared/errors.js';
import { claimantName } from './claimant.js';
import { claimBatch, DEFAULT_CLAIM_TIMEOUT_MS, releaseOrphanedClaims, startHeartbeat } from './claim.js';
import type { DeliveryDeps } from './deps.js';
import { completeEditions, editionsWithOpenDeliveries, openState, reopenFailed, type OpenState } from './editions.js';
import { DEFAULT_RETRY, describeFailure, type RetryPolicy } from './failures.js';
import { createPaperCache } from './papers.js';
import { planDeliveries, type EarlierOutcomes } from './plan.js';
import { startProgress } from './progress.js';
import { createRecorder, type DeliveryOutcome } from './record.js';
import { prepareBatch, sendDelivery, type ReadyDelivery, type WorkerContext } from './worker.js';

export interface DrainSettings {
  /** Deliveries claimed at once. */
  batchSize?: number;
  /** Messages being rendered, sent or recorded at once; default inFlightLimit(pool size). */
  concurrency?: number;
  /** How long the run may wait for retries and for other processes' claims. */
  maxWaitMs?: number;
  /** A claim not renewed for this long is considered abandoned. */
  claimTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Jitter source for retry delays (tests pass a seeded one). */
  random?: () => number;
  onProgress?: (done: number, total: number) => void;
}

export interface SendOptions extends DrainSettings {
  mode: 'now' | 'due';
}

export type DrainCounts = Record<DeliveryOutcome | 'error', number>;

export interface DrainResult extends DrainCounts {
  /** Deliveries of the run's editions still unfinished when it ended. */
  pending: number;
}

export interface SendReport extends DrainResult {
  mode: 'now' | 'due';
  subscribers: number;
  planned: number;
  /** Subscribers owed an edition by this run; the others were not due. */
  owed: number;
  /** Owed subscribers whose delivery of that edition had already ended before this run. */
  earlier: EarlierOutcomes;
  editions: number;
  /** Time spent planning (reading subscribers, creating rows), within `ms`. */
  planMs: number;
  ms: number;
}

/** The short form: what `send --json` prints and what callers of runSend check. */
export interface SendSummary {
  subscribers: number;
  sent: number;
  skipped: number;
  failed: number;
}

export const DEFAULT_MAX_WAIT_MS = 10 * 60_000;

/**
 * Messages a run keeps in flight (rendering, sending or being recorded): four per SMTP
 * connection, so that each connection always has the next message queued while the others are
 * rendered and recorded. A crash can duplicate at most this many messages.
 */
export function inFlightLimit(smtpConnections: number): number {
  return Math.max(8, 4 * smtpConnections);
}

export async function sendDigests(deps: DeliveryDeps, options: SendOptions): Promise<SendReport> {
  const t0 = performance.now();
  const started = deps.clock.now();
  const plan = await planDeliveries(deps.prisma, { now: started, mode: options.mode, mailFrom: deps.mailFrom });
  const planMs = Math.round(performance.now() - t0);
  // Besides its own editions, a run finishes whatever earlier runs left: retries, abandoned claims.
  const editionIds = [...new Set([...plan.editionIds, ...(await editionsWithOpenDeliveries(deps.prisma))])];
  const result = await drain(deps, createMatcher(deps.prisma, { now: started }), { ...options, editionIds });
  const report: SendReport = {
    mode: options.mode,
    subscribers: plan.subscribers,
    planned: plan.planned,
    owed: plan.owed,
    earlier: plan.earlier,
    editions: editionIds.length,
    ...result,
    planMs,
    ms: Math.round(performance.now() - t0),
  };
  deps.log.info({ run: 'send', ...report }, 'send run finished');
  return report;
}

export async function runSend(deps: DeliveryDeps, options: SendOptions): Promise<SendSummary> {
  return summarize(await sendDigests(deps, options));
}

export function summarize(report: SendReport): SendSummary {
  return { subscribers: report.subscribers, sent: report.sent, skipped: report.skipped, failed: report.failed + report.bounced };
}

export interface RetryReport extends DrainResult {
  reopened: number;
  editions: number;
}

/** `retry --failed`: sends again the deliveries that failed for good after temporary errors. */
export async function retryFailed(deps: DeliveryDeps, options: DrainSettings & { editionKeys?: string[] }): Promise<RetryReport> {
  const { reopened, editionIds } = await reopenFailed(deps.prisma, { now: deps.clock.now(), editionKeys: options.editionKeys });
  const result = await drain(deps, createMatcher(deps.prisma, { now: deps.clock.now() }), { ...options, editionIds });
  return { reopened, editions: editionIds.length, ...result };
}

/** Claims and sends the deliveries of `editionIds` until they are all finished or the deadline passes. */
export async function drain(deps: DeliveryDeps, matcher: Matcher, options: DrainSettings & { editionIds: number[] }): Promise<DrainResult> {
  const { prisma, clock, log } = deps;
  const counts: DrainCounts = { sent: 0, skipped: 0, retry: 0, failed: 0, bounced: 0, 'lost-claim': 0, released: 0, error: 0 };
  const scope = options.editionIds;
  if (scope.length === 0) return { ...counts, pending: 0 };

  const claimant = claimantName(deps.instanceId);
  const batchSize = options.batchSize ?? 200;
  const concurrency = options.concurrency ?? inFlightLimit(deps.mailer.parallelism);
  const claimTimeoutMs = options.claimTimeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS;
  const deadline = performance.now() + (options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS);
  const held = new Set<number>();
  let haltedBy: unknown;
  const ctx: WorkerContext = {
    deps,
    matcher,
    claimant,
    papers: createPaperCache(prisma),
    recorder: createRecorder(deps, {
      claimant,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      random: options.random ?? Math.random,
      onDone: (id) => held.delete(id),
    }),
    lost: (id) => held.delete(id),
    halt: (error) => {
      if (haltedBy === undefined) log.error({ err: error }, 'the SMTP server refused our setup: stopping the run');
      haltedBy ??= error;
    },
    halted: () => haltedBy !== undefined,
  };
  const count = (outcome: DeliveryOutcome | 'error'): void => {
    counts[outcome]++;
  };

  const claimAndPrepare = async (): Promise<{ claimed: number; ready: ReadyDelivery[] }> => {
    const ids = await claimBatch(prisma, { claimant, now: clock.now(), limit: batchSize, editionIds: scope });
    if (ids.length === 0) return { claimed: 0, ready: [] };
    for (const id of ids) held.add(id);
    const { ready, outcomes } = await prepareBatch(ctx, ids);
    outcomes.forEach(count);
    return { claimed: ids.length, ready };
  };
  const releaseOrphans = () => releaseOrphanedClaims(prisma, { claimant, now: clock.now(), claimTimeoutMs, editionIds: scope });

  const heartbeat = startHeartbeat(prisma, { claimant, held, intervalMs: claimTimeoutMs / 3, now: () => clock.now(), onError: (err) => log.warn({ err }, 'claim heartbeat failed') });
  const progress = await startProgress(prisma, scope, options.onProgress);
  const inFlight = new Set<Promise<void>>();
  let next: Promise<{ claimed: number; ready: ReadyDelivery[] }> | undefined;
  try {
    await releaseOrphans();
    next = quiet(claimAndPrepare());
    for (;;) {
      const batch = await next;
      next = undefined;
      if (haltedBy !== undefined) {
        await ctx.recorder.release(batch.ready.map((d) => d.id));
        break;
      }
      if (batch.claimed === 0) {
        // Nothing claimable now: let what is in flight finish (it may schedule retries), then see
        // whether anything of the run's editions can still be sent before the deadline.
        await Promise.all(inFlight);
        if (haltedBy !== undefined) break;
        const state = await openState(prisma, scope);
        if (state.open === 0) break;
        const wait = (await releaseOrphans()) > 0 ? 0 : waitBeforeNextClaim(state, clock.now(), deadline - performance.now());
        if (wait === null) break;
        if (wait > 0) await sleep(wait);
        next = quiet(claimAndPrepare());
        continue;
      }
      // Claim and build the next batch while this one is being sent.
      next = quiet(claimAndPrepare());
      for (const [index, delivery] of batch.ready.entries()) {
        while (inFlight.size >= concurrency) await Promise.race(inFlight);
        if (haltedBy !== undefined) {
          await ctx.recorder.release(batch.ready.slice(index).map((d) => d.id));
          break;
        }
        const task: Promise<void> = sendDelivery(ctx, delivery)
          .then(count, (error) => {
            // Most likely the database went away while recording: the claim is left to go stale
            // (no more heartbeat for it) and be taken over, so the delivery is not lost.
            held.delete(delivery.id);
            count('error');
            log.error({ deliveryId: delivery.id, err: error }, 'recording a delivery failed');
          })
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
    }
  } finally {
    await Promise.all(inFlight);
    if (next) {
      const leftover = await next.catch(() => ({ ready: [] as ReadyDelivery[] }));
      await ctx.recorder.release(leftover.ready.map((d) => d.id)).catch(() => {});
    }
    heartbeat.stop();
    await progress.stop();
  }
  await completeEditions(prisma, scope, clock.now());
  const { open } = await openState(prisma, scope);
  if (haltedBy !== undefined) {
    throw new ConfigError([`SMTP_URL: the server refused our connection setup (${describeFailure(haltedBy)}); nothing more was sent`]);
  }
  return { ...counts, pending: open };
}

/**
 * How long to sleep before claiming again, or null to end the run: rows claimed elsewhere are
 * polled (they finish, or go stale and are released); a pending retry is waited for if it falls
 * due before the deadline.
 */
export function waitBeforeNextClaim(state: OpenState, now: Date, remainingMs: number): number | null {
  if (remainingMs <= 0) return null;
  if (state.nextAttemptAt !== null) {
    const due = state.nextAttemptAt.getTime() - now.getTime();
    if (due <= remainingMs) return Math.max(0, Math.min(due, 1000));
  }
  if (state.claimed > 0) return Math.min(500, remainingMs);
  return null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise awaited later: a rejection in between must not count as unhandled. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}
