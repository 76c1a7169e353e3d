// A job run that began and recorded no end: one definition, and one wording, for `paperboy
// status` and /admin, so that the command and the page say the same of it. A run records its end
// when it ends; one stopped with the process or the database away cannot, and its outcome is lost.
import type { JobRunModel } from '../db/index.js';

/** What the JobRun row holds of its last run's times. */
export type RunTimes = Pick<JobRunModel, 'startedAt' | 'finishedAt'>;

/** What is said of such a run; /admin shows the label as its badge and the reason beside it. */
export const NO_END = { label: 'no end recorded', reason: 'still running, or it stopped with the database away' } as const;
/** The same in one line, as `paperboy status` prints it. */
export const NO_END_RECORDED = `${NO_END.label}: ${NO_END.reason}`;

/**
 * The start of the job's last run when that run has recorded no end; null when it ended (its end
 * is at or after its start) or the job never ran.
 */
export function unfinishedSince(job: RunTimes): Date | null {
  if (!job.startedAt) return null;
  return job.finishedAt && job.finishedAt >= job.startedAt ? null : job.startedAt;
}
