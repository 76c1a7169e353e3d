// A short history of scheduled job runs (send, ingest, fetch), so that /admin can show how the
// last few went: when, whether they succeeded, and what they counted. JobRun keeps the one row per
// job that elections and metrics use; this keeps the detail an operator reads.
//
// A run is written here when it starts and completed when it ends: a run killed midway keeps its
// row, without an end, after the next run's start has overwritten the job's JobRun row.
import type { Prisma, PrismaClient } from '../db/index.js';

/** Runs kept per job: enough to see a failure among the successes around it. */
export const RUNS_KEPT = 10;

export interface JobRunStart {
  name: string;
  startedAt: Date;
  /** The process running it (delivery's claimantName), so that `status` can tell when it is gone. */
  startedBy: string;
}

export interface JobRunEnd {
  finishedAt: Date;
  ok: boolean;
  error?: string;
  /** What the job returned; its numbers become the run's counts. */
  result?: unknown;
}

export interface JobRunView {
  name: string;
  startedAt: Date;
  finishedAt: Date;
  ok: boolean;
  error: string | null;
  counts: Record<string, number>;
}

/** A run in the history that recorded no end: still running, or stopped before it could. */
export interface RunWithoutEnd {
  name: string;
  startedAt: Date;
  startedBy: string | null;
}

/** Writes a run that has begun, drops the job's runs beyond the last RUNS_KEPT, and returns its id. */
export async function recordJobStart(prisma: PrismaClient, start: JobRunStart): Promise<number> {
  const { id } = await prisma.jobRunRecord.create({ data: start, select: { id: true } });
  await prisma.$executeRaw`
    DELETE FROM "JobRunRecord" WHERE name = ${start.name} AND id <= (
      SELECT id FROM "JobRunRecord" WHERE name = ${start.name} ORDER BY id DESC OFFSET ${RUNS_KEPT} LIMIT 1)`;
  return id;
}

/** Completes the run written by recordJobStart. One that has left the kept runs meanwhile stays out. */
export async function recordJobEnd(prisma: PrismaClient, id: number, end: JobRunEnd): Promise<void> {
  const counts = countsOf(end.result);
  await prisma.jobRunRecord.updateMany({
    where: { id },
    data: { finishedAt: end.finishedAt, ok: end.ok, error: end.error?.slice(0, 500) ?? null, counts: counts as Prisma.InputJsonValue | undefined },
  });
}

/** The last `perJob` finished runs of each job, newest first, jobs in name order. */
export async function lastJobRuns(prisma: PrismaClient, perJob = 3): Promise<JobRunView[]> {
  const rows = await prisma.$queryRaw<Array<Omit<JobRunView, 'counts'> & { counts: unknown }>>`
    SELECT name, "startedAt", "finishedAt", ok, error, counts FROM (
      SELECT *, row_number() OVER (PARTITION BY name ORDER BY id DESC) AS n FROM "JobRunRecord" WHERE "finishedAt" IS NOT NULL) AS recent
    WHERE n <= ${perJob} ORDER BY name, id DESC`;
  return rows.map((row) => ({ ...row, counts: countsOf(row.counts) ?? {} }));
}

/** The kept runs of every job that recorded no end, newest first. */
export function runsWithoutEnd(prisma: PrismaClient): Promise<RunWithoutEnd[]> {
  return prisma.jobRunRecord.findMany({ where: { finishedAt: null }, orderBy: { id: 'desc' }, select: { name: true, startedAt: true, startedBy: true } });
}

/**
 * The numbers in a job's result, durations left out: a send report's {sent, skipped, failed…},
 * an ingest summary's {pages, new, updated…}, a feed fetch's per-day results added up.
 */
export function countsOf(result: unknown): Record<string, number> | undefined {
  const rows = Array.isArray(result) ? result : [result];
  const counts: Record<string, number> = {};
  if (Array.isArray(result)) counts.pages = result.length;
  for (const row of rows) {
    if (!row || typeof row !== 'object') continue;
    for (const [key, value] of Object.entries(row)) {
      if (typeof value === 'number' && Number.isFinite(value) && !/ms$/i.test(key)) counts[key] = (counts[key] ?? 0) + value;
    }
  }
  return Object.keys(counts).length > 0 ? counts : undefined;
}
