// Runs named jobs on cron expressions (node-cron, explicit UTC, never two runs of one job at once)
// and records each run in the JobRun table, so `status` and /metrics can say when a job last
// succeeded. Nothing starts until start() is called by the composition root.
import cron, { type ScheduledTask } from 'node-cron';
import type { PrismaClient } from '../db/index.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

export interface Job {
  name: string;
  cron: string;
  run: () => Promise<unknown>;
  /** Run once right away at start, e.g. to catch up on digests that fell due while down. */
  runAtStart?: boolean;
}

export interface Scheduler {
  start(): void;
  /** Runs a job now unless it is already running; resolves when it finishes. */
  runNow(name: string): Promise<void>;
  nextRun(name: string): Date | null;
  /** Stops timers and waits for runs in progress. */
  stop(): Promise<void>;
}

export function createScheduler(deps: { prisma: PrismaClient; log: Logger; clock: Clock }, jobs: Job[]): Scheduler {
  for (const job of jobs) {
    if (!cron.validate(job.cron)) throw new Error(`Invalid cron expression for job ${job.name}: "${job.cron}"`);
  }
  const tasks = new Map<string, ScheduledTask>();
  const running = new Map<string, Promise<void>>();

  const execute = (job: Job): Promise<void> => {
    const inFlight = running.get(job.name);
    if (inFlight) return inFlight; // no overlapping runs of one job
    const run = record(deps, job).finally(() => running.delete(job.name));
    running.set(job.name, run);
    return run;
  };

  return {
    start() {
      for (const job of jobs) {
        const task = cron.createTask(job.cron, () => execute(job), { name: job.name, timezone: 'UTC', noOverlap: true });
        tasks.set(job.name, task);
        void task.start();
        if (job.runAtStart) void execute(job);
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
      return job ? cron.createTask(job.cron, () => {}, { timezone: 'UTC' }).getNextRun() : null;
    },
    async stop() {
      await Promise.all([...tasks.values()].map((task) => task.destroy()));
      tasks.clear();
      await Promise.allSettled(running.values());
    },
  };
}

async function record(deps: { prisma: PrismaClient; log: Logger; clock: Clock }, job: Job): Promise<void> {
  const startedAt = deps.clock.now();
  await deps.prisma.jobRun.upsert({ where: { name: job.name }, create: { name: job.name, startedAt }, update: { startedAt } });
  try {
    const result = await job.run();
    const finishedAt = deps.clock.now();
    await deps.prisma.jobRun.update({ where: { name: job.name }, data: { finishedAt, okAt: finishedAt, lastError: null } });
    deps.log.info({ job: job.name, ms: finishedAt.getTime() - startedAt.getTime(), result }, 'job finished');
  } catch (error) {
    deps.log.error({ job: job.name, err: error }, 'job failed');
    await deps.prisma.jobRun
      .update({ where: { name: job.name }, data: { finishedAt: deps.clock.now(), lastError: String((error as Error).message ?? error) } })
      .catch(() => {});
  }
}
