// What `paperboy status` reports: the last editions, every scheduled job with its last run (or
// none yet), when the next send run is and which digests fall due. A query for the operator; the
// command only words it.
import type { Config } from '../config/index.js';
import type { JobRunModel, PrismaClient } from '../db/index.js';
import { acceptedUnrecorded, journalDirOf, latestEditions, upcomingDigests, type EditionStatus, type UpcomingDigests } from '../delivery/index.js';
import { nextRunAfter, nextRunOf, runsWithoutEnd } from '../schedule/index.js';
import { lostListProblem } from '../subscriptions/index.js';
import { capitalise, plural } from '../shared/wording.js';
import { JOBS } from './admin-view.js';
import { runsWithoutEndOf, type UnfinishedRun } from './unfinished-run.js';

export type JobState = Pick<JobRunModel, 'name' | 'startedAt' | 'finishedAt' | 'okAt' | 'lastError'> & {
  /** The setting that keeps the service from running this job ("FEED_URL=off"), or null when it runs. */
  off: string | null;
  /** Its last run recorded no end: still running, or it stopped with the database away (unfinished-run.ts). */
  unfinished: boolean;
  /** Its last run recorded no end and the process that ran it is gone: it will never end. */
  processGone: boolean;
  /** Its other runs kept in the history that recorded no end, newest first: a run killed before the last began stays here. */
  earlierUnfinished: UnfinishedRun[];
};

/** The settings that decide which live sources the service fetches. */
export type SourceSettings = Pick<Config, 'feedUrl' | 'arxivApiUrl' | 'arxivCategories'> & Partial<Pick<Config, 'databaseUrl'>>;

/**
 * Why a live source's job does not run, by job: the same conditions schedule/jobs.ts schedules
 * them on (the feed unless FEED_URL=off; arXiv with ARXIV_CATEGORIES and ARXIV_API_URL not off; the
 * re-check with ARXIV_API_URL not off).
 */
export function jobsOff(sources: SourceSettings): Record<string, string> {
  const off: Record<string, string> = {};
  if (!sources.feedUrl) off.fetch = 'FEED_URL=off';
  if (!sources.arxivApiUrl) off.arxiv = off.recheck = 'ARXIV_API_URL=off';
  else if (sources.arxivCategories.length === 0) off.arxiv = 'ARXIV_CATEGORIES is empty';
  if (sources.databaseUrl) off.backup = 'DATABASE_URL is a PostgreSQL server: back it up with pg_dump';
  return off;
}

/** The jobs `serve` can schedule, in the order an operator thinks of them, as /admin lists them. */
const STATUS_JOBS: readonly string[] = JOBS;

export interface ServiceStatus {
  editions: EditionStatus[];
  /** The jobs the service can schedule, each with its last run or none yet and whether a setting turns it off; then any other recorded. */
  jobs: JobState[];
  nextSendRun: Date | null;
  /**
   * Times SEND_CRON was due, since the last send run began, with no run begun (the first two):
   * empty while runs come as scheduled. On a PostgreSQL server nothing else tells that no service
   * runs: "Next send run: 07:10Z" read as a promise.
   */
  missedSendRuns: Date[];
  /** Subscribers whose digest is due now: the next send run sends them. */
  dueNow: number;
  nextDue: UpcomingDigests['next'];
  retrying: UpcomingDigests['retrying'];
  /** Digests the SMTP server accepted before their run could record them (in its journal): the next send run records them as sent. */
  acceptedUnrecorded: number;
  /** The list is empty while the newest backup holds readers: what to do (subscriptions/backup.ts), else null. */
  listLost: string | null;
}

/** What needs the operator's eye before anything else, read from the database and DATA_DIR. */
interface Attention {
  acceptedUnrecorded: number;
  listLost: string | null;
}

async function attentionOf(prisma: PrismaClient, dataDir: string | undefined): Promise<Attention> {
  if (!dataDir) return { acceptedUnrecorded: 0, listLost: null };
  const [unrecorded, listLost] = await Promise.all([acceptedUnrecorded(prisma, journalDirOf(dataDir)), emptyListBesideBackup(prisma, dataDir)]);
  return { acceptedUnrecorded: unrecorded, listLost };
}

/** Said at once, not only by the next night's backup: a damaged table reads as an empty list without an error. */
async function emptyListBesideBackup(prisma: PrismaClient, dataDir: string): Promise<string | null> {
  return (await prisma.subscriber.count()) === 0 ? lostListProblem(dataDir) : null;
}

/** The journal's digests in words, as `paperboy status` and /admin both say them. */
export function journalWaiting(count: number): string {
  const them = count === 1 ? 'it' : 'them';
  return `${plural(count, 'digest')} the SMTP server accepted before a stopped run could record ${them}: the next send run records ${them} as sent from that run's journal (DATA_DIR/journal), without sending ${them} again`;
}

/**
 * What /admin shows above everything, in `paperboy status`'s words: a list lost beside a backup
 * that holds it, and digests a stopped run's journal says went out.
 */
export async function operatorWarnings(prisma: PrismaClient, dataDir: string): Promise<string[]> {
  const { listLost, acceptedUnrecorded: unrecorded } = await attentionOf(prisma, dataDir);
  return [...(listLost ? [capitalise(listLost)] : []), ...(unrecorded > 0 ? [`${journalWaiting(unrecorded)}.`] : [])];
}

const neverRan = (name: string) => ({ name, startedAt: null, finishedAt: null, okAt: null, lastError: null });

export async function serviceStatus(
  prisma: PrismaClient,
  options: { editions: number; now: Date; sendCron: string; sources: SourceSettings; dataDir?: string },
): Promise<ServiceStatus> {
  const [editions, runs, withoutEnd, upcoming, attention] = await Promise.all([
    latestEditions(prisma, options.editions),
    prisma.jobRun.findMany({ orderBy: { name: 'asc' } }),
    runsWithoutEnd(prisma),
    upcomingDigests(prisma, options.now),
    attentionOf(prisma, options.dataDir),
  ]);
  const off = jobsOff(options.sources);
  const jobs = [...STATUS_JOBS.map((name) => runs.find((run) => run.name === name) ?? neverRan(name)), ...runs.filter((run) => !STATUS_JOBS.includes(run.name))].map(
    ({ name, startedAt, finishedAt, okAt, lastError }): JobState => {
      const { last, earlier } = runsWithoutEndOf({ startedAt, finishedAt }, withoutEnd.filter((run) => run.name === name));
      return {
        name,
        startedAt,
        finishedAt,
        okAt,
        lastError,
        off: off[name] ?? null,
        unfinished: last !== null,
        processGone: last?.processGone ?? false,
        earlierUnfinished: earlier,
      };
    },
  );
  const send = jobs.find((job) => job.name === 'send')!;
  return { editions, jobs, nextSendRun: nextRunOf(options.sendCron), missedSendRuns: missedRuns(send, options.sendCron, options.now), dueNow: upcoming.dueNow, nextDue: upcoming.next, retrying: upcoming.retrying, ...attention };
}

/** A run begins within seconds of its time; a time this long past with no run was missed. */
const MISSED_AFTER_MS = 2 * 60_000;

/**
 * The first two times the cron was due after the job's last run began, when both passed with no
 * run begun: one missed time may be a restart, two are a service that is not running (or cannot
 * reach the database). Nothing while the last run has no end: runs never overlap, so a long one
 * holds the next back, and status says it has no end.
 */
function missedRuns(job: JobState, cron: string, now: Date): Date[] {
  if (!job.startedAt || job.unfinished) return [];
  const first = nextRunAfter(cron, job.startedAt);
  const second = first && nextRunAfter(cron, first);
  return first && second && second.getTime() <= now.getTime() - MISSED_AFTER_MS ? [first, second] : [];
}
