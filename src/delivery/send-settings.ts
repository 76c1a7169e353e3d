// What a send loop can be told (drain.ts), what it reports, and the small decisions it makes
// from numbers alone: how many messages in flight, how long to wait before claiming again.
import type { PendingReasons, RetryPolicy } from './failures.js';
import type { DeliveryOutcome, SkipCounts } from './record.js';

export interface DrainSettings {
  /** Deliveries claimed at once. */
  batchSize?: number;
  /** Messages being rendered, sent or recorded at once; default inFlightLimit(pool size). */
  concurrency?: number;
  /** How long the run may wait for retries and for other processes' claims. */
  maxWaitMs?: number;
  /** A claim not renewed for this long is considered abandoned. */
  claimTimeoutMs?: number;
  /**
   * How long the database may not answer before the run stops (its claims left for the next
   * run); meanwhile no message goes to SMTP. At most half the claim timeout, so that no claim
   * of a run that resumes can have been taken over meanwhile.
   */
  maxOutageMs?: number;
  /** Aborting it stops the run: no more claims, in flight finishes (within shutdownMs), the rest is given back. */
  signal?: AbortSignal;
  /** How long what is in flight may take to finish once the signal came. */
  shutdownMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Jitter source for retry delays (tests pass a seeded one). */
  random?: () => number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Called once per run, when it first sleeps for a retry it can still make before its deadline,
   * so that a command does not sit silent for up to `maxWaitMs`.
   */
  onWaiting?: (wait: WaitingForRetries) => void;
  /**
   * Called as the run starts when no maxOutageMs was given and the default is longer than half
   * the claim timeout, so cut to that: a command says so rather than ride out less than it says.
   */
  onOutageCut?: (cut: OutageCut) => void;
}

export interface OutageCut {
  /** The outage the run rides out: half the claim timeout. */
  outageMs: number;
  claimTimeoutMs: number;
  /** What it would have been with a long enough claim timeout. */
  defaultMs: number;
}

export interface WaitingForRetries {
  /** Deliveries of the run's editions waiting for a retry after a temporary failure or a policy refusal. */
  retries: number;
  /** What they met, by kind (a temporary failure: a 451, the relay unreachable; a refusal by the relay's policy), with how many; empty when none has failed yet. */
  reasons: PendingReasons;
  /** When the first of them is due. */
  nextAttemptAt: Date;
  /** When the run gives up waiting and leaves them to the next scheduled send. */
  until: Date;
  now: Date;
}

export type DrainCounts = Record<DeliveryOutcome | 'error', number>;

export interface DrainResult extends DrainCounts {
  /** `skipped`, by cause: nothing new matched, every paper withdrawn since it was built, the reader no longer active. */
  skippedFor: SkipCounts;
  /** Deliveries of the run's editions still unfinished when it ended and held by nobody: a retry waiting its turn, or one given back. */
  pending: number;
  /**
   * Unfinished deliveries another process held a claim on when this run ended (a second `send` at
   * once, the service's scheduled run): that process sends them, or a later run takes them over.
   */
  claimedElsewhere: number;
  /**
   * Deliveries a run that stopped before recording them had sent (its journal, on this machine):
   * recorded as sent at this run's start, not sent again. Not "handled by another run meanwhile".
   */
  recordedFromJournal: number;
  /** With pending deliveries: why they wait, by kind (the relay unreachable or a 451; a policy refusal). */
  pendingReasons?: PendingReasons;
  /** Set when a signal ended the run early. */
  interrupted?: boolean;
}

export const DEFAULT_MAX_WAIT_MS = 10 * 60_000;
export const DEFAULT_SHUTDOWN_MS = 30_000;

/**
 * Messages a run keeps in flight (rendering, sending or being recorded): four per SMTP
 * connection, so that each connection always has the next message queued while the others are
 * rendered and recorded. A crash can duplicate at most this many messages.
 */
export function inFlightLimit(smtpConnections: number): number {
  return Math.max(8, 4 * smtpConnections);
}

/**
 * How long to sleep before claiming again, or null to end the run: rows claimed elsewhere are
 * polled (they finish, or go stale and are released); a pending retry is waited for if it falls
 * due before the deadline.
 */
export function waitBeforeNextClaim(state: { claimed: number; nextAttemptAt: Date | null }, now: Date, remainingMs: number): number | null {
  if (remainingMs <= 0) return null;
  if (state.nextAttemptAt !== null) {
    const due = state.nextAttemptAt.getTime() - now.getTime();
    if (due <= remainingMs) return Math.max(0, Math.min(due, 1000));
  }
  if (state.claimed > 0) return Math.min(500, remainingMs);
  return null;
}
