// What the operator's read-only /admin page shows: who is subscribed, how the last editions went,
// what failed, and which topics people follow.
import type { JobRunModel, PrismaClient } from '../db/index.js';
import { FAILURE_STATUSES, latestEditions, TRANSITIONS, type EditionStatus } from '../delivery/index.js';
import { followedTopics, type FollowedTopic } from '../subscriptions/index.js';
import { runsWithoutEnd, type RunWithoutEnd } from '../schedule/index.js';

export interface AdminReport {
  subscribers: Array<{ status: string; count: number }>;
  /** The last editions, newest first, counted as `status` counts them (erased readers' deliveries included, imported ones apart). */
  editions: EditionStatus[];
  failures: Array<{ edition: string; status: string; attempts: number; error: string | null; at: Date }>;
  topics: FollowedTopic[];
  /** Each job's JobRun row: its last success and error, and its last run's times (unfinished-run.ts). */
  jobs: Array<Pick<JobRunModel, 'name' | 'startedAt' | 'finishedAt' | 'okAt' | 'lastError'>>;
  /** The kept runs that recorded no end, newest first: a run killed midway stays here after the next one has begun. */
  withoutEnd: RunWithoutEnd[];
}

export async function adminReport(prisma: PrismaClient): Promise<AdminReport> {
  const [subscribers, editions, failures, topics, jobs, withoutEnd] = await Promise.all([
    prisma.subscriber.groupBy({ by: ['status'], _count: { _all: true }, orderBy: { status: 'asc' } }),
    // The same counts as `status`: /admin counted deliveries alone, and an erased reader's digests vanished from it.
    latestEditions(prisma, 10),
    // Failures name the edition and the error, never the address: the page is for operations.
    prisma.delivery.findMany({
      where: { status: { in: [...FAILURE_STATUSES] } },
      orderBy: { id: 'desc' },
      take: 20,
      select: { status: true, attempts: true, lastError: true, createdAt: true, edition: { select: { key: true } } },
    }),
    followedTopics(prisma, 30),
    prisma.jobRun.findMany({ orderBy: { name: 'asc' } }),
    runsWithoutEnd(prisma),
  ]);
  return {
    subscribers: subscribers.map((row) => ({ status: row.status, count: row._count._all })),
    editions,
    // `attempts` counts the tries that failed for a while; the refusal that bounced one is a try too
    // (it showed 0). `at` is when the digest was planned: the failure may have come hours later.
    failures: failures.map((f) => ({ edition: f.edition.key, status: f.status, attempts: f.status === TRANSITIONS.bounce.to ? f.attempts + 1 : f.attempts, error: f.lastError, at: f.createdAt })),
    topics,
    jobs: jobs.map(({ name, startedAt, finishedAt, okAt, lastError }) => ({ name, startedAt, finishedAt, okAt, lastError })),
    withoutEnd,
  };
}
