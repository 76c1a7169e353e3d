// Step 4: every outcome is written to the delivery row, and only while this process still holds
// the claim (a row taken over by another process is theirs now: writing would undo their work).
//
// Accepted messages are recorded by group commit: while one UPDATE is on its way, the acceptances
// that arrive meanwhile queue up and go in the next one. An acceptance is thus written one
// database round trip after SMTP said 250, as with one UPDATE per message, but a busy run needs a
// fraction of the statements. The window between acceptance and record is what a crash can turn
// into a duplicate, so it is never widened on purpose (no timers, no batch-size waits).
import { groupCommit, type OutageGuard } from '../db/index.js';
import { maskEmail } from '../shared/logger.js';
import type { DeliveryDeps } from './deps.js';
import { classifyFailure, describeFailure, retryDelayMs, type RetryPolicy } from './failures.js';
import { TRANSITIONS } from './status.js';
import type { AcceptanceJournal } from './acceptance-journal.js';
import { bounceClaim, endClaim, recordAccepted, releaseClaims, suspendForBounces, type Acceptance, type ClaimEnd } from './store/index.js';

/** `refused`: refused by the relay's policy (5.7.x, "relaying denied"), left for later. */
/** `erased`: the reader was erased during the run, their delivery with them; nothing was sent. */
export type DeliveryOutcome = 'sent' | 'skipped' | 'retry' | 'refused' | 'failed' | 'bounced' | 'lost-claim' | 'released' | 'erased';

/**
 * Why a delivery is skipped, each counted apart by the run: a summary that called a digest whose
 * papers were all withdrawn "no new paper matched" would send the operator after the wrong cause.
 */
export type SkipCause = { kind: 'nothingNew' } | { kind: 'withdrawn' } | { kind: 'inactive'; status: string };
export type SkipCounts = Record<SkipCause['kind'], number>;

/** The reason stored on the delivery (what `status` and the logs show). */
function skipReason(cause: SkipCause): string {
  if (cause.kind === 'inactive') return `subscriber is ${cause.status}`;
  return cause.kind === 'withdrawn' ? 'every paper it was built with has been withdrawn on arXiv since' : 'nothing new matched the topics';
}

/** After this many hard bounces in a row a subscriber is suspended (at once when the mailbox does not exist). */
export const HARD_BOUNCE_LIMIT = 3;

export interface Recorder {
  /** `messageId`: the accepted message's, noted in the run's journal before the database is written. */
  sent(deliveryId: number, response: string, subject: string, messageId?: string): Promise<DeliveryOutcome>;
  skipped(deliveryId: number, cause: SkipCause): Promise<DeliveryOutcome>;
  /** The deliveries this recorder skipped, by cause (only those whose skip it recorded). */
  readonly skips: SkipCounts;
  /** Fails a delivery for good, for a reason no retry can mend (its stored content is invalid). */
  failed(deliveryId: number, reason: string): Promise<DeliveryOutcome>;
  /** Classifies a failed attempt and records what follows from it: retry, failed or bounced. */
  failure(target: FailureTarget, error: unknown): Promise<DeliveryOutcome>;
  /** Gives claims back untouched (not an attempt), e.g. when a run stops early. */
  release(deliveryIds: number[]): Promise<void>;
  /** Every acceptance noted in the journal was written to the database. */
  readonly allRecorded: boolean;
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
  /** Every write goes through it: retried across a database outage, up to its bound. */
  db: OutageGuard;
  /** Where each acceptance is noted before it is written (acceptance-journal.ts). */
  journal?: AcceptanceJournal;
}

export function createRecorder(deps: DeliveryDeps, options: RecorderOptions): Recorder {
  const { prisma, log } = deps;
  const { claimant } = options;
  /**
   * The first temporary failure of a run is a warning, the rest notes: an SMTP_URL nobody answers
   * at would otherwise leave `paperboy send` saying only "still pending", never why.
   */
  let toldTemporary = false;
  const skips: SkipCounts = { nothingNew: 0, withdrawn: 0, inactive: 0 };
  /** Acceptances noted in the journal and not written yet: the journal goes only once there are none. */
  const unrecorded = new Set<number>();

  /** Ends the claim with `end` if it is still ours. */
  async function finish(deliveryId: number, end: ClaimEnd, outcome: DeliveryOutcome): Promise<DeliveryOutcome> {
    const ours = await options.db.run(() => endClaim(prisma, { id: deliveryId, claimant, end }));
    options.onDone(deliveryId);
    return ours ? outcome : 'lost-claim';
  }

  const acceptances = groupCommit<Acceptance, boolean>(async (batch) => {
    // One sentAt for every attempt of this write: should an attempt commit and its answer be lost
    // with the connection, the outage guard's next attempt finds its rows sent at this very time.
    const sentAt = deps.clock.now();
    const written = await options.db.run(() => recordAccepted(prisma, { claimant, sentAt, accepted: batch }));
    return batch.map((a) => written.has(a.id));
  });

  /** After a hard bounce: suspends at once when the mailbox does not exist, else after a few in a row. */
  async function noteBounce(subscriberId: number, who: string, subscriber: { hardBounces: number; status: string }, kind: 'mailbox' | 'permanent', reason: string): Promise<void> {
    if (subscriber.status !== 'active' || (kind === 'permanent' && subscriber.hardBounces < HARD_BOUNCE_LIMIT)) return;
    const detail = { hardBounces: subscriber.hardBounces, reason, ...(kind === 'mailbox' ? { noSuchMailbox: true } : {}) };
    await options.db.run(() => suspendForBounces(prisma, subscriberId, detail));
    log.warn(
      // `to`: which reader, in the line a command prints too ("subscriber suspended: … (d***@example.org: 550 …)").
      { subscriberId, to: who, hardBounces: subscriber.hardBounces, reason },
      kind === 'mailbox' ? 'subscriber suspended: the mailbox does not exist' : 'subscriber suspended after repeated hard bounces',
    );
  }

  return {
    async sent(deliveryId, response, subject, messageId) {
      const accepted = { id: deliveryId, response: response.slice(0, 1000), subject };
      if (options.journal && messageId) {
        options.journal.note({ ...accepted, messageId, at: deps.clock.now().toISOString() });
        unrecorded.add(deliveryId);
      }
      const written = await acceptances(accepted);
      if (written) unrecorded.delete(deliveryId);
      options.onDone(deliveryId);
      return written ? 'sent' : 'lost-claim';
    },

    get allRecorded() {
      return unrecorded.size === 0;
    },

    async skipped(deliveryId, cause) {
      const outcome = await finish(deliveryId, { status: TRANSITIONS.skip.to, skipReason: skipReason(cause) }, 'skipped');
      if (outcome === 'skipped') skips[cause.kind]++;
      return outcome;
    },

    skips,

    failed(deliveryId, reason) {
      return finish(deliveryId, { status: TRANSITIONS.fail.to, lastError: reason.slice(0, 1000) }, 'failed');
    },

    async failure(target, error) {
      const reason = describeFailure(error);
      const who = maskEmail(target.email);
      const kind = classifyFailure(error);
      if (kind === 'permanent' || kind === 'mailbox') {
        log.warn({ deliveryId: target.id, to: who, reason }, kind === 'mailbox' ? 'no such mailbox: not retried' : 'permanent failure: not retried');
        // The claim ends and the bounce is counted together: never one without the other.
        const counted = await options.db.run(() => bounceClaim(prisma, { id: target.id, claimant, lastError: reason }));
        options.onDone(target.id);
        if (!counted) return 'lost-claim';
        await noteBounce(target.subscriberId, who, counted, kind, reason);
        return 'bounced';
      }
      const attempts = target.attempts + 1;
      if (kind === 'policy') {
        // The relay's rules, not the reader's mailbox: the reader is left alone, the delivery
        // waits its turn like a throttled one (the run stops should the relay refuse everyone).
        const nextAttemptAt = new Date(deps.clock.now().getTime() + retryDelayMs(attempts, options.retry, options.random));
        log.warn({ deliveryId: target.id, to: who, reason, attempts, nextAttemptAt }, "refused by the relay's policy: will retry");
        return finish(target.id, { status: attempts >= options.retry.maxAttempts ? TRANSITIONS.fail.to : TRANSITIONS.retry.to, attempts, lastError: reason, nextAttemptAt }, 'refused');
      }
      if (attempts >= options.retry.maxAttempts) {
        log.error({ deliveryId: target.id, to: who, reason, attempts }, 'gave up after repeated temporary failures');
        return finish(target.id, { status: TRANSITIONS.fail.to, attempts, lastError: reason }, 'failed');
      }
      const nextAttemptAt = new Date(deps.clock.now().getTime() + retryDelayMs(attempts, options.retry, options.random));
      log[toldTemporary ? 'info' : 'warn']({ deliveryId: target.id, to: who, reason, attempts, nextAttemptAt }, 'temporary failure: will retry');
      toldTemporary = true;
      return finish(target.id, { status: TRANSITIONS.retry.to, attempts, lastError: reason, nextAttemptAt }, 'retry');
    },

    async release(deliveryIds) {
      if (deliveryIds.length === 0) return;
      await options.db.run(() => releaseClaims(prisma, { claimant, ids: deliveryIds }));
      for (const id of deliveryIds) options.onDone(id);
    },
  };
}
