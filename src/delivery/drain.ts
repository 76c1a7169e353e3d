// The send loop: claims deliveries of the run's editions a batch at a time (the next batch is
// claimed and built while the current one goes out), sends each with at most `concurrency` in
// flight, and ends when the editions are finished or what is left cannot be sent before the
// deadline (retries backing off further are left to the next scheduled run).
//
// It stops early for three reasons (run-state.ts): a signal (SIGTERM: it stops claiming at once,
// lets what is in flight finish within `shutdownMs`, gives the other claims back and returns), our
// mail setup failing (SMTP login, a relay refusing everyone, the outbox: the same, then throws
// that error), or the database not answering within its bound (claims are left for the next run).
import { rmSync } from 'node:fs';
import { DatabaseUnavailableError, createOutageGuard, type OutageGuard } from '../db/index.js';
import type { Matcher } from '../matching/index.js';
import { ConfigError } from '../shared/errors.js';
import { ENDS_RUN } from '../shared/logger.js';
import { journalsToApply, openJournal } from './acceptance-journal.js';
import { claimantName } from './claimant.js';
import { claimBatch, DEFAULT_CLAIM_TIMEOUT_MS, releaseOrphanedClaims, startHeartbeat } from './claim.js';
import type { DeliveryDeps } from './deps.js';
import { completeEditions, openState, pendingErrors, recordJournaled } from './store/index.js';
import { DEFAULT_RETRY, describeFailure, pendingReasonsOf } from './failures.js';
import { outageLimitMs } from './outage-bound.js';
import { watchLeavers } from './leavers.js';
import { createPaperCache } from './papers.js';
import { startProgress } from './progress.js';
import { createRecorder } from './record.js';
import { createRelayWatch, RelayRefusedError } from './relay-watch.js';
import { InFlight, RunStop } from './run-state.js';
import { DEFAULT_MAX_WAIT_MS, DEFAULT_SHUTDOWN_MS, inFlightLimit, waitBeforeNextClaim, type DrainCounts, type DrainResult, type DrainSettings } from './send-settings.js';
import { prepareBatch, sendDelivery, type ReadyDelivery, type WorkerContext } from './worker.js';

interface Batch {
  claimed: number;
  ready: ReadyDelivery[];
}
const NO_BATCH: Batch = { claimed: 0, ready: [] };
/** Why the database ended a run, as its last log line says it. */
const ENDED_BY_DATABASE = { database: 'the database stopped answering', record: 'a delivery could not be recorded, and nothing more is sent unrecorded' } as const;
/** Journal entries written per statement. */
const JOURNAL_BATCH = 1_000;

/** Claims and sends the deliveries of `editionIds` until they are all finished, the deadline passes or the run stops. */
export async function drain(deps: DeliveryDeps, matcher: Matcher, options: DrainSettings & { editionIds: number[] }): Promise<DrainResult> {
  const counts: DrainCounts = { sent: 0, skipped: 0, retry: 0, refused: 0, failed: 0, bounced: 0, 'lost-claim': 0, released: 0, erased: 0, error: 0 };
  if (options.editionIds.length === 0) return { ...counts, skippedFor: { nothingNew: 0, withdrawn: 0, inactive: 0 }, pending: 0, claimedElsewhere: 0, recordedFromJournal: 0 };
  return new SendLoop(deps, matcher, options, counts).run();
}

class SendLoop {
  private readonly scope: number[];
  private readonly claimant: string;
  /** Claims this process holds (the heartbeat renews them). */
  private readonly held = new Set<number>();
  private readonly stop: RunStop;
  private readonly inFlight: InFlight;
  private readonly db: OutageGuard;
  private readonly ctx: WorkerContext;
  private readonly claimTimeoutMs: number;
  private readonly deadline: number;
  private heartbeat?: ReturnType<typeof startHeartbeat>;
  private toldWaiting = false;
  private recordedFromJournal = 0;
  private readonly journal: ReturnType<typeof openJournal>;

  constructor(
    private readonly deps: DeliveryDeps,
    matcher: Matcher,
    private readonly options: DrainSettings & { editionIds: number[] },
    private readonly counts: DrainCounts,
  ) {
    this.scope = options.editionIds;
    this.claimant = claimantName(deps.instanceId);
    this.claimTimeoutMs = options.claimTimeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS;
    this.deadline = performance.now() + (options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS);
    this.stop = new RunStop(options.signal);
    this.inFlight = new InFlight(options.concurrency ?? inFlightLimit(deps.mailer.parallelism));
    this.db = createOutageGuard({
      maxOutageMs: outageLimitMs(options),
      log: deps.log,
      // Renewed at once: the outage may have taken them close to the claim timeout.
      onRecovered: () => void this.heartbeat?.renewNow(),
    });
    const forget = (id: number) => this.held.delete(id);
    const leavers = watchLeavers(deps.prisma, this.held, () => deps.clock.now().getTime());
    this.journal = openJournal(deps.journalDir, this.claimant, (err) =>
      deps.log.warn({ err, journalDir: deps.journalDir }, 'the journal of accepted messages cannot be written: a run stopped before recording one would send it again'),
    );
    this.ctx = {
      deps,
      matcher,
      claimant: this.claimant,
      db: this.db,
      papers: createPaperCache(deps.prisma, this.db.run),
      recorder: createRecorder(deps, { claimant: this.claimant, retry: { ...DEFAULT_RETRY, ...options.retry }, random: options.random ?? Math.random, onDone: forget, db: this.db, journal: this.journal }),
      relay: createRelayWatch(),
      lost: forget,
      holds: (id) => this.heartbeat?.holds(id) ?? Promise.resolve(false),
      recipientStatus: (id) => leavers.statusOf(id),
      halt: (error) => this.halt(error),
      halted: () => this.stop.stopped,
    };
  }

  async run(): Promise<DrainResult> {
    const { prisma, clock, log } = this.deps;
    this.heartbeat = startHeartbeat(prisma, { claimant: this.claimant, held: this.held, claimTimeoutMs: this.claimTimeoutMs, now: () => clock.now(), onError: (err) => log.warn({ err }, 'claim heartbeat failed') });
    const progress = await startProgress(prisma, this.scope, this.options.onProgress);
    let next: Promise<Batch> | null = null;
    try {
      // Before any claim: what a stopped run's journal says was accepted is sent, not to send again.
      this.recordedFromJournal = await this.guarded(this.applyJournals(), 0);
      await this.guarded(this.releaseOrphans(), 0);
      next = this.claimNext();
      while (next) {
        const batch = await next;
        next = null;
        if (this.stop.stopped) {
          await this.giveBack(batch.ready);
          break;
        }
        if (batch.claimed === 0) {
          if (await this.waitForMore()) next = this.claimNext();
          continue;
        }
        next = this.claimNext(); // claimed and built while this batch goes out
        await this.sendAll(batch.ready);
      }
    } finally {
      await this.finish(next);
      // Kept when an acceptance could not be written (the database went away): the next run applies it.
      if (this.ctx.recorder.allRecorded) this.journal.discard();
      this.heartbeat.stop();
      this.stop.dispose();
      if (this.stop.reason !== 'database' && this.stop.reason !== 'record') await progress.stop();
    }
    return this.outcome();
  }

  /** Claims and builds the next batch; nothing once the run is stopping. */
  private claimNext(): Promise<Batch> {
    const work = async (): Promise<Batch> => {
      if (this.stop.stopped) return NO_BATCH;
      const { prisma, clock } = this.deps;
      const ids = await this.db.run(() => claimBatch(prisma, { claimant: this.claimant, now: clock.now(), claimTimeoutMs: this.claimTimeoutMs, limit: this.options.batchSize ?? 200, editionIds: this.scope }));
      if (ids.length === 0) return NO_BATCH;
      for (const id of ids) this.held.add(id);
      const { ready, outcomes } = await prepareBatch(this.ctx, ids);
      for (const outcome of outcomes) this.counts[outcome]++;
      return { claimed: ids.length, ready };
    };
    const batch = this.guarded(work(), NO_BATCH);
    batch.catch(() => {}); // awaited later: a rejection meanwhile is not unhandled
    return batch;
  }

  /** Hands the batch's deliveries out, at most `limit` in flight; gives the rest back if the run stops. */
  private async sendAll(ready: ReadyDelivery[]): Promise<void> {
    for (const [index, delivery] of ready.entries()) {
      await Promise.race([this.inFlight.slot(), this.stop.whenStopped()]);
      if (this.stop.stopped) return this.giveBack(ready.slice(index));
      this.inFlight.add(this.sendOne(delivery));
    }
  }

  private async sendOne(delivery: ReadyDelivery): Promise<void> {
    try {
      this.counts[await sendDelivery(this.ctx, delivery)]++;
    } catch (error) {
      // The claim is left as it is (no more heartbeat for it) for the next run to take over,
      // so the delivery is not lost; nor is it marked failed.
      this.held.delete(delivery.id);
      if (error instanceof DatabaseUnavailableError) {
        this.stop.stop('database', error);
        return;
      }
      this.counts.error++;
      // Not an outage the guard knows, yet the database refused the record: the run stops rather
      // than send on unrecorded (a refusal it did not know sent 150 digests that were sent again).
      this.deps.log.error({ deliveryId: delivery.id, err: error }, 'recording a delivery failed');
      this.stop.stop('record', error);
    }
  }

  /**
   * Nothing claimable now: lets what is in flight finish (it may schedule retries), then waits
   * for what the run's editions can still send before the deadline. False: the run is over.
   */
  private async waitForMore(): Promise<boolean> {
    await Promise.race([this.inFlight.settled(), this.stop.whenStopped()]);
    if (this.stop.stopped) return false;
    const state = await this.guarded(this.db.run(() => openState(this.deps.prisma, this.scope)), null);
    if (state === null || state.open === 0) return false;
    const released = await this.guarded(this.releaseOrphans(), 0);
    const now = this.deps.clock.now();
    const remainingMs = this.deadline - performance.now();
    const wait = released > 0 ? 0 : waitBeforeNextClaim(state, now, remainingMs);
    if (wait === null) return false;
    const retryIn = state.nextAttemptAt === null ? null : state.nextAttemptAt.getTime() - now.getTime();
    // Told once, and only for a real wait: a retry due within the second is simply claimed next.
    if (!this.toldWaiting && released === 0 && retryIn !== null && retryIn > 1000 && retryIn <= remainingMs) {
      this.toldWaiting = true;
      const errors = this.options.onWaiting ? await this.guarded(this.db.run(() => pendingErrors(this.deps.prisma, this.scope)), null) : null;
      this.options.onWaiting?.({ retries: state.open - state.claimed, reasons: pendingReasonsOf(errors ?? []), nextAttemptAt: state.nextAttemptAt!, until: new Date(now.getTime() + remainingMs), now });
    }
    await this.stop.sleep(wait);
    return !this.stop.stopped;
  }

  /** After the loop: in flight finishes (within the shutdown bound on a signal), unsent claims go back. */
  private async finish(next: Promise<Batch> | null): Promise<void> {
    const bound = this.stop.reason === 'signal' ? (this.options.shutdownMs ?? DEFAULT_SHUTDOWN_MS) : undefined;
    const finished = await this.inFlight.settled(bound);
    if (!finished) this.deps.log.warn({ inFlight: this.inFlight.size }, 'shutting down with messages still in flight: their claims are left for the next run');
    if (next) await this.giveBack((await next.catch(() => NO_BATCH)).ready);
  }

  private async outcome(): Promise<DrainResult> {
    const { prisma, clock, log } = this.deps;
    const error = this.stop.error;
    if (this.stop.reason === 'database' || this.stop.reason === 'record') {
      this.deps.metrics?.runStopped?.(this.stop.reason);
      log.error({ err: error, ...ENDS_RUN }, `${ENDED_BY_DATABASE[this.stop.reason]}: the run stops; its claims are left for the next run`);
      throw error;
    }
    await this.db.run(() => completeEditions(prisma, this.scope, clock.now()));
    const { open, claimed } = await this.db.run(() => openState(prisma, this.scope));
    // This run's claims were given back above, but for messages still in flight after a signal:
    // the claims left are another process's, which is sending them ("pending" would say waiting).
    const elsewhere = Math.max(0, claimed - this.held.size);
    if (error instanceof RelayRefusedError) throw new ConfigError([`SMTP_URL: ${error.message} (${open} pending)`]);
    if (error instanceof ConfigError) throw error;
    if (this.stop.reason === 'setup') throw new ConfigError([`SMTP_URL: the connection to the relay could not be set up (${describeFailure(error)}); nothing more was sent`]);
    // Said as a warning only when the stop left something: a signal during the run's last messages
    // (everything sent) warned "interrupted" beside pending 0.
    if (this.stop.reason === 'signal' && open > 0) log.warn({ pending: open }, 'send run interrupted: what was not sent is left for the next run');
    else if (this.stop.reason === 'signal') log.info('send run stopped by a signal after its last message: nothing left pending');
    const pending = open - elsewhere;
    const errors = pending > 0 ? await this.db.run(() => pendingErrors(prisma, this.scope)) : [];
    return { ...this.counts, skippedFor: { ...this.ctx.recorder.skips }, pending, claimedElsewhere: elsewhere, recordedFromJournal: this.recordedFromJournal, ...(errors.length > 0 ? { pendingReasons: pendingReasonsOf(errors) } : {}), ...(this.stop.reason === 'signal' ? { interrupted: true } : {}) };
  }

  /** Our mail setup does not work: the run stops at once. */
  private halt(error: unknown): void {
    if (!this.stop.stop('setup', error)) return;
    const { log, metrics } = this.deps;
    const relay = error instanceof RelayRefusedError;
    metrics?.runStopped?.(relay ? 'relay-refusals' : 'smtp-setup');
    // Thrown on as the run's outcome (outcome()): a command prints it as its last line.
    if (relay) log.error({ ...error.verdict, ...ENDS_RUN }, `stopping the run: ${error.message}`);
    else if (error instanceof ConfigError) log.error(ENDS_RUN, `stopping the run: ${error.message}`);
    else log.error({ err: error, ...ENDS_RUN }, 'the SMTP server refused our setup: stopping the run');
  }

  private giveBack(ready: ReadyDelivery[]): Promise<void> {
    this.counts.released += ready.length;
    return this.ctx.recorder.release(ready.map((d) => d.id)).catch(() => {}); // else they go stale and are taken over
  }

  /** Records as sent what the journals of runs that ended say was accepted; each journal goes once applied. */
  private async applyJournals(): Promise<number> {
    const { prisma, log } = this.deps;
    let found = 0;
    for (const { file, entries } of journalsToApply(this.deps.journalDir, this.claimant, this.journal.file)) {
      for (let start = 0; start < entries.length; start += JOURNAL_BATCH) {
        const batch = entries.slice(start, start + JOURNAL_BATCH).map((entry) => ({ ...entry, at: new Date(entry.at) }));
        found += await this.db.run(() => recordJournaled(prisma, batch));
      }
      rmSync(file, { force: true });
    }
    if (found > 0) log.warn({ deliveries: found }, 'an earlier run stopped before recording messages the SMTP server had accepted: recorded as sent from its journal, not sent again');
    return found;
  }

  private releaseOrphans(): Promise<number> {
    const { prisma, clock } = this.deps;
    return this.db.run(() => releaseOrphanedClaims(prisma, { claimant: this.claimant, now: clock.now(), claimTimeoutMs: this.claimTimeoutMs, editionIds: this.scope }));
  }

  /** A database that stays away stops the run instead of failing it: `fallback` stands in for the result. */
  private guarded<T>(work: Promise<T>, fallback: T): Promise<T> {
    return work.catch((error: unknown) => {
      if (!(error instanceof DatabaseUnavailableError)) throw error;
      this.stop.stop('database', error);
      return fallback;
    });
  }
}
