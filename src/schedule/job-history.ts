// A short history of scheduled job runs (send, ingest, fetch), so that /admin can show how the
// last few went: when, whether they succeeded, and what they counted. JobRun keeps the one row per
// job that elections and metrics use; this keeps the detail an operator reads.
import type { Prisma, PrismaClient } from '../db/index.js';

/** Runs kept per job: enough to see a failure among the successes around it. */
export const RUNS_KEPT = 10;

export interface JobRunOutcome {
  name: string;
  startedAt: Date;
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

export async function recordJobHistory(prisma: PrismaClient, outcome: JobRunOutcome): Promise<void> {
  const counts = countsOf(outcome.result);
  await prisma.jobRunRecord.create({
    data: {
      name: outcome.name,
      startedAt: outcome.startedAt,
      finishedAt: outcome.finishedAt,
      ok: outcome.ok,
      error: outcome.error?.slice(0, 500) ?? null,
      counts: counts as Prisma.InputJsonValue | undefined,
    },
  });
  await prisma.$executeRaw`
    DELETE FROM "JobRunRecord" WHERE name = ${outcome.name} AND id <= (
      SELECT id FROM "JobRunRecord" WHERE name = ${outcome.name} ORDER BY id DESC OFFSET ${RUNS_KEPT} LIMIT 1)`;
}

/** The last `perJob` runs of each job, newest first, jobs in name order. */
export async function lastJobRuns(prisma: PrismaClient, perJob = 3): Promise<JobRunView[]> {
  const rows = await prisma.$queryRaw<Array<Omit<JobRunView, 'counts'> & { counts: unknown }>>`
    SELECT name, "startedAt", "finishedAt", ok, error, counts FROM (
      SELECT *, row_number() OVER (PARTITION BY name ORDER BY id DESC) AS n FROM "JobRunRecord") AS recent
    WHERE n <= ${perJob} ORDER BY name, id DESC`;
  return rows.map((row) => ({ ...row, counts: countsOf(row.counts) ?? {} }));
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
