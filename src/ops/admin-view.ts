// What /admin shows, in the operator's words: times in the operator's time zone (TZ) and named,
// counts as "3 sent · 1 skipped", and every scheduled job with its last runs, including a job
// that has not run yet. The template does no formatting.
import type { AdminReport } from './admin-report.js';
import { FAILED_LEAD, failedWords, IMPORTED_LEAD, importedWords } from './edition-words.js';
import type { JobRunView } from '../schedule/index.js';
import { noEnd, runsWithoutEndOf, type NoEnd, type UnfinishedRun } from './unfinished-run.js';

/**
 * The jobs `serve` can schedule, in the order an operator thinks of them; fetch, arxiv, recheck and backup
 * run only when their settings let them (jobsOff, service-status.ts).
 */
export const JOBS = ['send', 'ingest', 'fetch', 'arxiv', 'recheck', 'backup'] as const;

/** `off`: by job, the setting that keeps the service from running it ("FEED_URL=off"). */
export function adminView(report: AdminReport, runs: JobRunView[], timeZone: string, off: Record<string, string> = {}) {
  const time = timeFormatter(timeZone);
  const jobs = [...new Set<string>([...JOBS, ...runs.map((run) => run.name), ...report.jobs.map((job) => job.name), ...report.withoutEnd.map((run) => run.name)])];
  return {
    timeZone,
    subscribers: report.subscribers,
    editions: report.editions.map((edition) => ({
      key: edition.key,
      sent: edition.sent,
      imported: edition.imported,
      skipped: edition.skipped,
      pending: edition.pending,
      failed: edition.failed,
      bounced: edition.bounced,
      started: time(edition.createdAt),
      complete: edition.completedAt ? time(edition.completedAt) : undefined,
    })),
    imported: report.editions.filter((edition) => edition.imported > 0).map((edition) => IMPORTED_LEAD + importedWords(edition)),
    failed: failedOf(report.editions),
    failures: report.failures.map((failure) => ({ ...failure, at: time(failure.at) })),
    topics: report.topics,
    jobs: jobs.map((name) => {
      const state = report.jobs.find((job) => job.name === name);
      // `runs` are finished ones (lastJobRuns). The runs without an end are told apart as `paperboy
      // status` tells them (unfinished-run.ts): the last one, known from the job's JobRun row, and
      // earlier ones killed before a later run began, which would otherwise vanish from the page.
      const unended = withoutEndOf(state, report.withoutEnd.filter((run) => run.name === name));
      const finished = runs.filter((run) => run.name === name);
      // All newest first by their start, so that a killed run sits between the runs around it;
      // one older than the finished runs shown comes last, still listed, as `status` lists it.
      const shown = [
        ...unended.map((run) => ({ startedAt: run.startedAt, run: { ...time(run.startedAt), unfinished: noEnd(run.processGone), processGone: run.processGone } })),
        ...finished.map((run) => ({
          startedAt: run.startedAt,
          run: {
            ...time(run.finishedAt),
            ok: run.ok,
            ...runOutcome(run),
            error: run.error,
            took: duration(run.finishedAt.getTime() - run.startedAt.getTime()),
            counts: describeCounts(run.counts, JOB_WORDS[name]),
          },
        })),
      ].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
      return { name, off: off[name], lastSuccess: state?.okAt ? time(state.okAt) : undefined, runs: shown.map(({ run }): ShownRun => run) };
    }),
  };
}

/**
 * How a finished run ended, in words and as its badge: one that ended with a warning (a send that
 * left digests pending, or had some fail for good) "ended", not "succeeded", as `status` says it.
 */
function runOutcome(run: { ok: boolean; error: string | null }): { outcome: string; badge: string } {
  if (!run.ok) return { outcome: 'failed', badge: 'bad' };
  return run.error ? { outcome: 'ended', badge: 'open' } : { outcome: 'succeeded', badge: 'ok' };
}

/** A job's runs without an end: its last run when it has not ended, then its earlier ones. */
function withoutEndOf(state: AdminReport['jobs'][number] | undefined, history: AdminReport['withoutEnd']): UnfinishedRun[] {
  const { last, earlier } = runsWithoutEndOf(state ?? { startedAt: null, finishedAt: null }, history);
  return [...(last ? [last] : []), ...earlier];
}

/**
 * A run in a job's list: a finished one (from the history) with its outcome, or one that recorded
 * no end, dated by its start, with what is said of it (gone, or perhaps still running).
 */
export type ShownRun = ShownTime &
  (
    | { ok: boolean; outcome: string; badge: string; error: string | null; took: string; counts: string; unfinished?: undefined }
    | { unfinished: NoEnd; processGone: boolean; ok?: undefined; counts?: undefined }
  );

export interface ShownTime {
  /** e.g. "Wed, 2 Dec 2026, 09:05", in the operator's zone. */
  text: string;
  /** For <time datetime> and a title: the exact instant, in UTC. */
  iso: string;
}

function timeFormatter(timeZone: string): (date: Date) => ShownTime {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (date) => ({ text: format.format(date), iso: date.toISOString() });
}

/** Counts in reading order: who was considered first, then what happened to them. */
const COUNT_ORDER = ['subscribers', 'pages', 'entries', 'asked', 'answered', 'notFound', 'sent', 'new', 'updated', 'withdrawn', 'skipped', 'failed', 'bounced', 'pending', 'alreadyHad', 'notDue'];

/**
 * A send run's bookkeeping, not what happened to anyone: "8 owed · 0 planned · 1 editions" beside
 * "0 sent" read as if 8 digests were due and lost, where `paperboy send` said "Nothing was due".
 */
const HIDDEN = new Set(['owed', 'planned', 'editions', 'aheadOpen']);
/** The rest of a send run's counters in words, shown only when they happened. */
const RARE: Record<string, string> = {
  // Attempts that met a temporary failure, not digests: one digest may be retried several times.
  retry: 'temporary failures (retried)',
  refused: "refused by the relay's policy",
  claimedElsewhere: 'being sent by another run',
  released: 'given back',
  'lost-claim': 'claims lost',
  error: 'not recorded',
  erased: 'erased during the run (not sent)',
  leftOut: 'left out (another paper holds their title)',
  // Who of those considered got nothing from this run, and why, as `paperboy send` says it.
  alreadyHad: 'already had this edition',
  notDue: 'not due yet',
  // As `paperboy send` words it; "0 recordedFromJournal" was on every run.
  recordedFromJournal: 'sent by an earlier run that stopped before recording them (recorded from its journal, not sent again)',
};

/**
 * Counters whose name is not the word to show, or not for a count of one: "1 subscribers · 1 pages"
 * read as a slip, and the re-check's "3 notFound" as a counter's name.
 */
const WORDS: Record<string, { one: string; many: string }> = {
  subscribers: { one: 'subscriber', many: 'subscribers' },
  pages: { one: 'page', many: 'pages' },
  entries: { one: 'entry', many: 'entries' },
  notFound: { one: 'unknown to arXiv', many: 'unknown to arXiv' },
  retry: { one: 'temporary failure (retried)', many: RARE.retry! },
  'lost-claim': { one: 'claim lost', many: RARE['lost-claim']! },
};

/**
 * A job's own words for a counter another job names alike: an ingest's "skipped" entries are the
 * unchanged ones (`paperboy ingest` says "390 unchanged"), not digests skipped as a send's are.
 */
const JOB_WORDS: Record<string, Record<string, string>> = { ingest: { skipped: 'unchanged' } };

function describeCounts(counts: Record<string, number>, own: Record<string, string> = {}): string {
  const rank = (what: string) => (COUNT_ORDER.includes(what) ? COUNT_ORDER.indexOf(what) : COUNT_ORDER.length);
  const word = (what: string, count: number) => {
    if (own[what]) return own[what];
    const words = WORDS[what];
    return words ? (count === 1 ? words.one : words.many) : (RARE[what] ?? what);
  };
  return Object.entries(counts)
    .filter(([what, count]) => !HIDDEN.has(what) && !(what in RARE && count === 0))
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([what, count]) => `${count.toLocaleString('en')} ${word(what, count)}`)
    .join(' · ');
}

function duration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function failedOf(editions: AdminReport['editions']): string | undefined {
  const words = failedWords(editions);
  return words === null ? undefined : FAILED_LEAD + words;
}
