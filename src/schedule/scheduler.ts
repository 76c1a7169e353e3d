// Runs named jobs on cron expressions (node-cron, an explicit time zone, never two runs of one
// job at once in a process) and records each run in the JobRun table, so that `status` and
// /metrics can say when a job last succeeded, and the last few runs with their counts in
// JobRunRecord for /admin (from their start: `status` finds there a run killed midway). Nothing
// starts until start() is called.
//
// Several instances may run the same schedule against one database. A job that must run once per
// slot across all of them (re-ingesting the corpus) is `exclusive`: PostgreSQL elects the instance
// that runs each slot. The send job is not: every instance runs it and they share the work through
// delivery claims, so a slot is still served when one instance is down.
import cron, { type Logger as CronLogger, type RunCoordinator, type ScheduledTask } from 'node-cron';
import { DatabaseUnavailableError, describeDbError, type PrismaClient } from '../db/index.js';
import { claimantName } from '../delivery/claimant.js';
import { settleWithin } from '../shared/concurrency.js';
import { UserError } from '../shared/errors.js';
import { recordJobEnd, recordJobStart, type JobRunEnd } from './job-history.js';
import type { Clock } from '../shared/clock.js';
import { ENDS_RUN, type Logger } from '../shared/logger.js';

export interface Job {
  name: string;
  cron: string;
  run: () => Promise<unknown>;
  /** Run once right away at start, e.g. to catch up on digests that fell due while down. */
  runAtStart?: boolean;
  /**
   * At start, run only once these jobs' start runs have ended (succeeded or failed), waiting for
   * them at most `atMostMs`: the catch-up send after the start fetches, so that digests due at
   * start have that morning's papers. A slot that comes meanwhile finds this run in progress.
   */
  startsAfter?: { jobs: string[]; atMostMs: number };
  /** Run each slot on one instance only (elected through the JobRun row). */
  exclusive?: boolean;
  /**
   * Failures are expected now and then (a live source offline) and are logged as one warning
   * with their message, without a stack; they are still recorded and retried at the next slot.
   */
  expectedFailures?: boolean;
}

export interface Scheduler {
  start(): void;
  /** Runs a job now unless it is already running; resolves when it finishes. */
  runNow(name: string): Promise<void>;
  nextRun(name: string): Date | null;
  /** Stops timers and waits for runs in progress. */
  stop(): Promise<void>;
}

export interface SchedulerDeps {
  prisma: PrismaClient;
  log: Logger;
  clock: Clock;
}

/** Cron expressions are read in UTC unless told otherwise: the same slots on every instance. */
export const SCHEDULE_TIME_ZONE = 'UTC';

export function createScheduler(deps: SchedulerDeps, jobs: Job[], options: { timeZone?: string } = {}): Scheduler {
  const timezone = options.timeZone ?? SCHEDULE_TIME_ZONE;
  for (const job of jobs) {
    if (!cron.validate(job.cron)) throw new Error(`Invalid cron expression for job ${job.name}: "${job.cron}"`);
    for (const before of job.startsAfter?.jobs ?? []) {
      const other = jobs.find((j) => j.name === before);
      if (!job.runAtStart || !other?.runAtStart || other.startsAfter) throw new Error(`Job ${job.name} cannot start after ${before}: both must run at start, and ${before} after nothing`);
    }
  }
  const tasks = new Map<string, ScheduledTask>();
  const running = new Map<string, Promise<void>>();
  // Ends the waits of start runs (startsAfter) at stop(): a run not begun by then never begins.
  const stopping = new AbortController();

  /** `after`: what this run waits for before it begins (its start runs' wait), if anything. */
  const execute = (job: Job, after?: Promise<void>): Promise<void> => {
    const inFlight = running.get(job.name);
    if (inFlight) return inFlight; // no overlapping runs of one job, whoever asks
    const begun = after ? after.then(() => (stopping.signal.aborted ? undefined : record(deps, job))) : record(deps, job);
    const run = begun.finally(() => running.delete(job.name));
    running.set(job.name, run);
    return run;
  };

  /** Waits for the start runs `job` starts after, at most its bound; says when it stopped waiting. */
  const startRunsOf = async (job: Job, startRuns: Map<string, Promise<void>>): Promise<void> => {
    const { jobs: names, atMostMs } = job.startsAfter!;
    const began = Date.now();
    const outcome = await settleWithin(Promise.all(names.map((name) => startRuns.get(name))), atMostMs, stopping.signal);
    const waited = { job: job.name, after: names, ms: Date.now() - began };
    if (outcome === 'timed-out') deps.log.warn(waited, 'start run no longer waits: the jobs before it are still running; it goes ahead with what they brought so far');
    else if (outcome === 'settled') deps.log.info(waited, 'start run begins: the jobs before it have ended');
  };

  return {
    start() {
      const startRuns = new Map<string, Promise<void>>();
      for (const job of jobs) {
        const task = cron.createTask(job.cron, () => execute(job), {
          name: job.name,
          timezone,
          noOverlap: true,
          logger: cronLogger(deps.log, job.name),
          ...(job.exclusive ? { distributed: true, runCoordinator: electionFor(deps, job.name) } : {}),
        });
        tasks.set(job.name, task);
        void task.start();
        if (job.runAtStart && !job.startsAfter) startRuns.set(job.name, execute(job));
      }
      for (const job of jobs) {
        if (job.runAtStart && job.startsAfter) void execute(job, startRunsOf(job, startRuns));
      }
    },
    runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) return Promise.reject(new Error(`No job named ${name}`));
      return execute(job);
    },
    nextRun(name) {
      const task = tasks.get(name);
      if (task) return task.getNextRun();
      const job = jobs.find((j) => j.name === name);
      return job ? nextRunOf(job.cron, timezone) : null;
    },
    async stop() {
      stopping.abort();
      await Promise.all([...tasks.values()].map((task) => task.destroy()));
      tasks.clear();
      await Promise.allSettled(running.values());
    },
  };
}

/** How far `nextRunAfter` looks: past a week, any expression of the service's has fired. */
const LOOK_AHEAD_MINUTES = 8 * 24 * 60;

/**
 * The first whole minute after `from` at which a cron expression fires, as of a clock the caller
 * holds (node-cron's own next run is counted from the real time, which a test's clock is not). An
 * expression that fires only at seconds other than :00 is not found: null, as for none within a week.
 */
export function nextRunAfter(expression: string, from: Date, timezone: string = SCHEDULE_TIME_ZONE): Date | null {
  const task = cron.createTask(expression, () => {}, { timezone });
  try {
    let t = Math.floor(from.getTime() / 60_000) * 60_000 + 60_000;
    for (let i = 0; i < LOOK_AHEAD_MINUTES; i++, t += 60_000) {
      if (task.match(new Date(t))) return new Date(t);
    }
    return null;
  } finally {
    void task.destroy();
  }
}

/** When a cron expression fires next, without scheduling anything. */
export function nextRunOf(expression: string, timezone: string = SCHEDULE_TIME_ZONE): Date | null {
  const task = cron.createTask(expression, () => {}, { timezone });
  try {
    // getNextRun() is null for a task that is not started; getNextRuns() reads the expression.
    return task.getNextRuns(1)[0] ?? null;
  } finally {
    void task.destroy();
  }
}

/**
 * Elects one instance per slot: the first to move the job's startedAt to the slot wins. A run
 * started later than the slot (by hand, or at start-up) also makes the slot's election fail,
 * which is what we want: the job just ran.
 */
export function electionFor(deps: SchedulerDeps, jobName: string): RunCoordinator {
  return {
    async shouldRun(key) {
      // node-cron's key is "<task name>:<slot as ISO time>".
      const slot = new Date(key.slice(jobName.length + 1));
      if (Number.isNaN(slot.getTime())) return false;
      try {
        return await claimSlot(deps.prisma, jobName, slot);
      } catch (error) {
        // The database away: nobody can run the slot's job, which needs it. One line, not a stack.
        deps.log.warn({ job: jobName, slot: slot.toISOString(), reason: describeDbError(error) }, 'slot not run: the database did not answer; the job runs at its next slot');
        return false;
      }
    },
  };
}

/**
 * node-cron's own messages (a missed slot, a task that threw) into the service's JSON log: its
 * default logger writes coloured lines to the console, one of them a raw stack, among the JSON.
 */
function cronLogger(log: Logger, job: string): CronLogger {
  const reason = (error: unknown) => (error instanceof Error ? error.message : error === undefined ? undefined : String(error));
  return {
    info: (message) => log.info({ job, component: 'node-cron' }, message),
    warn: (message) => log.warn({ job, component: 'node-cron' }, message),
    error: (message, error) => log.error({ job, component: 'node-cron', reason: reason(error ?? message) }, String(message instanceof Error ? message.message : message)),
    debug: (message, error) => log.debug({ job, component: 'node-cron', reason: reason(error) }, String(message instanceof Error ? message.message : message)),
  };
}

export async function claimSlot(prisma: PrismaClient, jobName: string, slot: Date): Promise<boolean> {
  const won = await prisma.$queryRaw<Array<{ name: string }>>`
    INSERT INTO "JobRun" (name, "startedAt") VALUES (${jobName}, ${slot})
    ON CONFLICT (name) DO UPDATE SET "startedAt" = EXCLUDED."startedAt"
      WHERE "JobRun"."startedAt" IS NULL OR "JobRun"."startedAt" < EXCLUDED."startedAt"
    RETURNING name`;
  return won.length === 1;
}

async function record(deps: SchedulerDeps, job: Job): Promise<void> {
  try {
    await recordJobRun(deps, job.name, job.run, job.expectedFailures);
  } catch {
    // Recorded and logged: the job runs again at the next slot.
  }
}

/** How long the job's own bookkeeping waits for the database. */
const NOTE_MS = 10_000;

/**
 * Runs a job (scheduled, or its command run by hand: `paperboy send`) and records it in JobRun and
 * the job history, so that `status`, /admin and /metrics show when it last succeeded and why it
 * last failed. Rethrows.
 */
export async function recordJobRun<T>(deps: SchedulerDeps, name: string, run: () => Promise<T>, expectedFailures = false): Promise<T> {
  const startedAt = deps.clock.now();
  // The bookkeeping never decides a run's outcome: a write that fails here is only logged, once a
  // run (with the database gone, every write of it fails for the same reason).
  let told = false;
  const unrecorded = (err: unknown) => {
    if (!told) deps.log.warn({ job: name, err }, 'this run is not recorded in the job history (status, /admin)');
    told = true;
  };
  // Each write waits at most NOTE_MS: a database that hangs instead of failing must not hold the
  // command after its run has ended (a send stopped by a frozen database never exited). After one
  // write went unrecorded, the others are not tried: they would wait as long, for the same reason.
  const note = async (write: () => Promise<unknown>) => {
    if (told) return;
    const outcome = await settleWithin(write().catch(unrecorded), NOTE_MS);
    if (outcome === 'timed-out') unrecorded(new Error(`no answer within ${NOTE_MS / 1000} s`));
  };
  await note(() => deps.prisma.jobRun.upsert({ where: { name }, create: { name, startedAt }, update: { startedAt } }));
  // Into the history at once: the JobRun row above is overwritten by the next run's start, and a
  // run killed before its end would leave no trace. The process's name (the job's name where a
  // delivery claim has the instance's) lets `status` tell a run whose process is gone.
  let historyId: number | undefined;
  await note(async () => (historyId = await recordJobStart(deps.prisma, { name, startedAt, startedBy: claimantName(name) })));
  const ended = (end: JobRunEnd) =>
    note(async () => {
      if (historyId !== undefined) await recordJobEnd(deps.prisma, historyId, end);
    });
  let result: T;
  try {
    result = await run();
  } catch (error) {
    // A failed run (the database or the SMTP server away, the relay refusing us) is logged, and
    // its reason kept for `status`.
    const message = String((error as Error).message ?? error);
    // A job whose failures are expected (a live source offline), or one refused for something the
    // operator can put right (a send before the first ingest), logs one warning, not a stack.
    // Marked ENDS_RUN: rethrown below, a command run by hand prints it itself (and is retried at no slot).
    if (expectedFailures || error instanceof UserError) deps.log.warn({ job: name, reason: message, ...ENDS_RUN }, 'job failed: retried at the next slot');
    else deps.log.error({ job: name, err: error, ...ENDS_RUN }, 'job failed');
    if (error instanceof DatabaseUnavailableError) unrecorded(error); // the database is known to be away
    await note(() => deps.prisma.jobRun.updateMany({ where: { name }, data: { finishedAt: deps.clock.now(), lastError: message } }));
    await ended({ finishedAt: deps.clock.now(), ok: false, error: message });
    throw error;
  }
  const finishedAt = deps.clock.now();
  // A run that succeeded with something the operator should know (a send that left digests
  // pending: the relay could not be reached) keeps it as the run's error beside its success.
  const warning = warningOf(result);
  await note(() => deps.prisma.jobRun.updateMany({ where: { name }, data: { finishedAt, okAt: finishedAt, lastError: warning } }));
  // Marked ENDS_RUN: a command run by hand says it in its own summary.
  if (warning) deps.log.warn({ job: name, ms: finishedAt.getTime() - startedAt.getTime(), result, ...ENDS_RUN }, `job finished: ${warning}`);
  else deps.log.info({ job: name, ms: finishedAt.getTime() - startedAt.getTime(), result }, 'job finished');
  await ended({ finishedAt, ok: true, result, ...(warning ? { error: warning } : {}) });
  return result;
}

/** A job's result may carry a `warning`: what went wrong in a run that still did its work. */
function warningOf(result: unknown): string | null {
  const warning = typeof result === 'object' && result !== null ? (result as { warning?: unknown }).warning : undefined;
  return typeof warning === 'string' && warning !== '' ? warning : null;
}

