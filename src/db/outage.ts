// A circuit breaker for the database, for work that must not get ahead of what it can record.
//
// A sender hands a message to SMTP and then records "sent". If recording fails and sending goes
// on, every message accepted meanwhile is sent again by the next run: a database outage of a few
// seconds once doubled hundreds of emails. So every database call of a send run goes through
// `run()`: the first connection-level failure opens the breaker, `ready()` (awaited before each
// SMTP hand-over) then holds new messages back, and the failed calls are retried with backoff.
// The first call that succeeds closes the breaker and the held messages go. Only what was already
// at the SMTP server when the database went away can be sent twice: at most the messages in flight.
// A statement the server cancels (a statement or lock timeout, pg_cancel_backend) is the database
// not answering in time, and is waited out the same way: thrown, it left the claim of a message
// the server had accepted unrecorded, and the next run sent it again.
//
// An outage longer than `maxOutageMs` ends it: every pending and later call fails with
// DatabaseUnavailableError, and the run stops with its claims left for the next run.
//
// A database can also stop answering without failing (a network partition, a frozen server, a
// proxy that holds the connection): the call just hangs. A call without an answer after
// `noAnswerMs` counts as an outage from the moment it was made, exactly as a failure would: new
// messages are held back, and it ends the run at the same bound. (A frozen database held a send
// for three minutes without a word; another run took its claims meanwhile and 20 readers got two
// copies.)
import type { Logger } from 'pino';
import { DatabaseUnavailableError, describeDbError, isCanceledStatement, isConnectionError, isTransientDbError } from './retry.js';
import { ENDS_RUN } from '../shared/logger.js';

export interface OutageGuard {
  /**
   * Runs a database call. Connection-level failures and cancelled statements are retried with
   * backoff until it succeeds or the outage has lasted too long; deadlocks three times. Use only
   * for calls that are safe to repeat (reads, writes conditional on a claim, transactions that were rolled back).
   */
  run<T>(call: () => Promise<T>): Promise<T>;
  /** Resolves while the database answers; during an outage, once it answers again. */
  ready(): Promise<void>;
  /** True while the database is known not to answer. */
  readonly down: boolean;
}

export interface OutageOptions {
  /** How long an outage may last before the work gives up. */
  maxOutageMs: number;
  log?: Logger;
  /** Called when the database answers again (e.g. to renew claims at once). */
  onRecovered?: () => void;
  /** First retry delay; doubled up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A call unanswered this long is the database not answering (default NO_ANSWER_MS). */
  noAnswerMs?: number;
}

export const DEFAULT_MAX_OUTAGE_MS = 30_000;
/**
 * A send run's statements take milliseconds; its heaviest (a matcher's statistics over tens of
 * thousands of papers) a few seconds. Ten seconds of silence is an outage, not a slow answer.
 */
export const NO_ANSWER_MS = 10_000;

/** What a call that hangs is reported as: it has no error of its own. */
class NoAnswer extends Error {
  constructor(ms: number) {
    super(`no answer within ${Math.round(ms / 1000)} s`);
  }
}

export function createOutageGuard(options: OutageOptions): OutageGuard {
  const baseDelayMs = options.baseDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 2000;
  let downSince: number | null = null;
  let lastError: unknown;
  let gaveUp: DatabaseUnavailableError | null = null;
  let waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  let deadline: NodeJS.Timeout | undefined;
  const noAnswerMs = options.noAnswerMs ?? NO_ANSWER_MS;
  // Every call waiting for its answer. The outage's end fails them all, not only those already past
  // noAnswerMs (a call made a second after the first silent one would otherwise wait forever, and so
  // would the run: a frozen database held a send past a minute after "giving up"); while one past
  // noAnswerMs (`silentPast`) still waits, the database is not back.
  const waitingForAnswer = new Set<{ reject: (error: unknown) => void; silent: NodeJS.Timeout; silentPast: boolean }>();
  const someCallHangs = () => [...waitingForAnswer].some((call) => call.silentPast);

  function fail(): DatabaseUnavailableError {
    if (!gaveUp) {
      gaveUp = new DatabaseUnavailableError(performance.now() - (downSince ?? performance.now()), lastError);
      options.log?.error({ downForMs: Math.round(gaveUp.downForMs), reason: describeDbError(lastError), ...ENDS_RUN }, 'the database is still not answering: giving up');
      clearTimeout(deadline);
      for (const waiter of waiters) waiter.reject(gaveUp);
      waiters = [];
      for (const call of waitingForAnswer) {
        clearTimeout(call.silent);
        call.reject(gaveUp);
      }
      waitingForAnswer.clear();
    }
    return gaveUp;
  }

  /** `since`: when the database was last known to answer (a hanging call's start). */
  function wentDown(error: unknown, since = performance.now()): void {
    lastError = error;
    if (downSince !== null) return;
    downSince = since;
    options.log?.warn({ reason: describeDbError(error) }, 'the database does not answer: no new message goes out until it does');
    // Even should every call hang rather than fail, the outage ends at its bound.
    deadline = setTimeout(fail, Math.max(0, options.maxOutageMs - (performance.now() - since)));
    deadline.unref();
  }

  /** The call's own outcome; past noAnswerMs without one, the database is down since the call began. */
  function answerOf<T>(call: Promise<T>): Promise<T> {
    const started = performance.now();
    return new Promise<T>((resolve, reject) => {
      if (gaveUp) return reject(gaveUp);
      const waiting = {
        reject,
        silentPast: false,
        silent: setTimeout(() => {
          waiting.silentPast = true;
          wentDown(new NoAnswer(noAnswerMs), started);
        }, noAnswerMs),
      };
      waitingForAnswer.add(waiting);
      const settle = () => {
        clearTimeout(waiting.silent);
        waitingForAnswer.delete(waiting);
      };
      call.then(
        (value) => (settle(), resolve(value)),
        (error: unknown) => (settle(), reject(error)),
      );
    });
  }

  function cameBack(): void {
    // A call that answered while another still has none may not have needed the database (a
    // cached read): the database is back when nothing is left hanging.
    if (downSince === null || gaveUp || someCallHangs()) return;
    options.log?.warn({ downForMs: Math.round(performance.now() - downSince) }, 'the database answers again: sending resumes');
    downSince = null;
    clearTimeout(deadline);
    for (const waiter of waiters) waiter.resolve();
    waiters = [];
    options.onRecovered?.();
  }

  return {
    get down() {
      return downSince !== null;
    },
    async run(call) {
      for (let attempt = 1; ; attempt++) {
        if (gaveUp) throw gaveUp;
        try {
          const result = await answerOf(call());
          cameBack();
          return result;
        } catch (error) {
          if (error === gaveUp) throw error;
          if (isTransientDbError(error) && attempt < 3) {
            await sleep(10 * attempt);
            continue;
          }
          if (!isConnectionError(error) && !isCanceledStatement(error)) throw error;
          wentDown(error);
          if (performance.now() - downSince! >= options.maxOutageMs) throw fail();
          const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt - 1, 10));
          await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
        }
      }
    },
    ready() {
      if (gaveUp) return Promise.reject(gaveUp);
      if (downSince === null) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
