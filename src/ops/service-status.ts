// What `paperboy status` reports: the last editions, every scheduled job with its last run (or
// none yet), when the next send run is and which digests fall due. A query for the operator; the
// command only words it.
import type { JobRunModel, PrismaClient } from '../db/index.js';
import { latestEditions, upcomingDigests, type EditionStatus, type UpcomingDigests } from '../delivery/index.js';
import { nextRunOf } from '../schedule/index.js';
import { JOBS } from './admin-view.js';

export type JobState = Pick<JobRunModel, 'name' | 'startedAt' | 'finishedAt' | 'okAt' | 'lastError'>;

export interface ServiceStatus {
  editions: EditionStatus[];
  /** The jobs the service schedules, each with its last run or none yet; then any other recorded. */
  jobs: JobState[];
  nextSendRun: Date | null;
  /** Subscribers whose digest is due now: the next send run sends them. */
  dueNow: number;
  nextDue: UpcomingDigests['next'];
}

const neverRan = (name: string): JobState => ({ name, startedAt: null, finishedAt: null, okAt: null, lastError: null });

export async function serviceStatus(prisma: PrismaClient, options: { editions: number; now: Date; sendCron: string }): Promise<ServiceStatus> {
  const [editions, runs, upcoming] = await Promise.all([
    latestEditions(prisma, options.editions),
    prisma.jobRun.findMany({ orderBy: { name: 'asc' } }),
    upcomingDigests(prisma, options.now),
  ]);
  const scheduled: readonly string[] = JOBS;
  const jobs = [...JOBS.map((name) => runs.find((run) => run.name === name) ?? neverRan(name)), ...runs.filter((run) => !scheduled.includes(run.name))];
  return { editions, jobs, nextSendRun: nextRunOf(options.sendCron), dueNow: upcoming.dueNow, nextDue: upcoming.next };
}
