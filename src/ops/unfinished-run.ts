// A job run that began and recorded no end: one definition, and one wording, for `paperboy
// status` and /admin, so that the command and the page say the same of it. A run records its end
// when it ends; one stopped with the process or the database away cannot, and its outcome is lost.
import type { JobRunModel } from '../db/index.js';
import { isDeadLocalClaimant } from '../delivery/index.js';

/** What the JobRun row holds of its last run's times. */
export type RunTimes = Pick<JobRunModel, 'startedAt' | 'finishedAt'>;

/** What is said of such a run; /admin shows the label as its badge and the reason beside it. */
export const NO_END = { label: 'no end recorded', reason: 'still running, or it stopped with the database away' } as const;
/** The same in one line, as `paperboy status` prints it. */
export const NO_END_RECORDED = `${NO_END.label}: ${NO_END.reason}`;

/**
 * What is said of such a run once its process is known to be gone: it was killed (kill -9, out of
 * memory, the container stopped), or its end could not be written before it exited.
 */
export const GONE = { label: 'did not finish', reason: 'its process is gone (killed, or it stopped with the database away)' } as const;

/** A run without an end in words: /admin's badge and the reason beside it. */
export type NoEnd = typeof NO_END | typeof GONE;

/** What is said of a run that recorded no end: gone, or perhaps still running. */
export const noEnd = (processGone: boolean): NoEnd => (processGone ? GONE : NO_END);
/** The same in one line, as `paperboy status` prints it. */
export const noEndWords = (processGone: boolean) => {
  const { label, reason } = noEnd(processGone);
  return `${label}: ${reason}`;
};

/**
 * The start of the job's last run when that run has recorded no end; null when it ended (its end
 * is at or after its start) or the job never ran.
 */
export function unfinishedSince(job: RunTimes): Date | null {
  if (!job.startedAt) return null;
  return job.finishedAt && job.finishedAt >= job.startedAt ? null : job.startedAt;
}

/** A run the history holds without an end, as `status` and /admin tell it. */
export interface UnfinishedRun {
  startedAt: Date;
  /** Its process is known to be gone: the run will never end. Otherwise it may still be running. */
  processGone: boolean;
}

/**
 * A job's runs without an end in the history (newest first), told apart: its last run when that
 * recorded no end (with whether its process is gone), and its other runs that recorded no end (one killed before the next began).
 * "Gone" is the rule a send uses to take over a dead process's claims: a process of this machine
 * whose pid no longer exists. A run of another machine, or still going here, is never said gone.
 */
export function runsWithoutEndOf(job: RunTimes, history: Array<{ startedAt: Date; startedBy: string | null }>): { last: UnfinishedRun | null; earlier: UnfinishedRun[] } {
  const since = unfinishedSince(job);
  const runs = history.map((run) => ({ startedAt: run.startedAt, processGone: run.startedBy !== null && isDeadLocalClaimant(run.startedBy) }));
  // The last run is the one the JobRun row holds: the history's run with its start.
  const isLast = (run: UnfinishedRun) => since !== null && run.startedAt.getTime() === since.getTime();
  const last = since === null ? null : { startedAt: since, processGone: runs.some((run) => isLast(run) && run.processGone) };
  return { last, earlier: runs.filter((run) => !isLast(run)) };
}
