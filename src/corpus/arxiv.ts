// arXiv's own listings through the arXiv API: the papers submitted on one day in one category,
// read page by page (start/max_results) with the 3 seconds between calls that arXiv asks of API
// clients, and ingested as the listing `arxiv:<category>:<YYYY-MM-DD>`, merged with what pages and
// the feed know (same arXiv id, else same title and abstract). All pages of a day are read before
// anything is stored: a malformed, failed or partial answer (fewer entries than the API announced)
// stores nothing, and the next run asks again. A day whose answers are unchanged is a no-op.
import { createHash } from 'node:crypto';
import type { Database } from '../db/index.js';
import { ARXIV_LISTING_PREFIX } from '../shared/listings.js';
import type { Logger } from '../shared/logger.js';
import { addDays, dateOnly } from '../shared/time.js';
import { ArxivFormatError, parseArxivPage } from './arxiv-atom.js';
import { describeFetchError, download, HttpStatusError, isUnreachable, SourceError } from './http.js';
import { keyOfNamesake, type PaperInput } from './merge.js';
import { storeListing } from './store.js';

/** arXiv asks API clients to wait 3 seconds between calls (https://info.arxiv.org/help/api/tou.html). */
export const ARXIV_DELAY_MS = 3_000;
const PAGE_SIZE = 200;
/** No category gets near this many submissions a day; a larger total is a wrong query or answer. */
const MAX_ENTRIES = 20_000;

export class ArxivError extends SourceError {
  override name = 'ArxivError';
  constructor(
    url: string,
    reason: string,
    /** No answer at all (timed out, refused, no such host): the rest of the run is not asked. */
    readonly unreachable = false,
  ) {
    super('arXiv', url, reason);
  }
}

/** Spaces calls at least `delayMs` apart; share one between every call of a run. */
export interface Pacer {
  /**
   * Waits for this caller's turn; false, at once and without taking a turn, when that would mean
   * waiting longer than `maxWaitMs` (callers queue: each reserves the next free slot).
   */
  turn(maxWaitMs?: number): Promise<boolean>;
  /** The server asked for `ms` before the next call (Retry-After): no turn comes sooner. */
  backOff(ms: number): void;
}

export function createPacer(
  delayMs = ARXIV_DELAY_MS,
  clock: () => number = Date.now,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Pacer {
  let last = Number.NEGATIVE_INFINITY;
  return {
    async turn(maxWaitMs = Number.POSITIVE_INFINITY) {
      const now = clock();
      // Reserved before waiting, so that callers arriving meanwhile queue behind this one.
      const slot = Math.max(now, last + delayMs);
      if (slot - now > maxWaitMs) return false;
      last = slot;
      if (slot > now) await sleep(slot - now);
      last = Math.max(last, clock());
      return true;
    },
    backOff(ms) {
      last = Math.max(last, clock() + ms - delayMs);
    },
  };
}

/** What one call to the API needs: where, how long at most, and where to say it was busy. */
export type ArxivCallOptions = Pick<ArxivOptions, 'apiUrl' | 'timeoutMs' | 'fetchImpl' | 'log' | 'signal'>;

export interface ArxivOptions {
  /** The API endpoint, https://export.arxiv.org/api/query by default (ARXIV_API_URL). */
  apiUrl: string;
  category: string;
  /** The submission day, YYYY-MM-DD (UTC). */
  date: string;
  now: Date;
  timeoutMs: number;
  log: Pick<Logger, 'info' | 'warn'>;
  pacer?: Pacer;
  pageSize?: number;
  fetchImpl?: typeof fetch;
  /** Leave the warning to the caller, which reports a whole run in one line. */
  quiet?: boolean;
  /**
   * Aborted when the service shuts down: no further page, day or batch is asked (a day stored in
   * part is stored not at all, and asked again by the next run). A SIGTERM waited a minute and more
   * for a whole run of category-days, past the 10 s `docker stop` gives before it kills.
   */
  signal?: AbortSignal;
}

export interface ArxivResult {
  page: string;
  category: string;
  date: string;
  entries: number;
  new: number;
  updated: number;
  /** Entries not stored: another paper holds their title (StoreResult.leftOut). */
  leftOut: number;
  unchanged: boolean;
}

export const arxivPageName = (category: string, date: string) => `${ARXIV_LISTING_PREFIX}${category}:${date}`;

export async function fetchArxivDay(db: Database, options: ArxivOptions): Promise<ArxivResult> {
  const base = options.apiUrl;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.date) || Number.isNaN(dateOnly(options.date).getTime())) {
    throw new ArxivError(base, `invalid date "${options.date}" (expected YYYY-MM-DD)`);
  }
  try {
    const { entries, hash } = await readDay(options);
    const result = await ingestArxivDay(db, options, entries, hash);
    options.log.info({ arxiv: options.category, ...result }, result.unchanged ? 'arXiv day unchanged' : 'arXiv day ingested');
    return result;
  } catch (error) {
    if (error instanceof StoppedForShutdown) throw error;
    const reason = error instanceof ArxivFormatError ? error.message : describeFetchError(error, 'ARXIV_API_URL=off');
    if (!options.quiet) options.log.warn({ arxiv: options.category, date: options.date, reason }, 'arXiv fetch failed: nothing stored, the next run retries');
    throw error instanceof ArxivError ? error : new ArxivError(base, reason, isUnreachable(error));
  }
}

/** The service is shutting down (ArxivOptions.signal): what is left is the next run's. */
export class StoppedForShutdown extends Error {
  override name = 'StoppedForShutdown';
  constructor() {
    super('stopped: the service is shutting down');
  }
}

/** Every page of the day's listing, or a throw: nothing is stored from a partial day. */
async function readDay(options: ArxivOptions): Promise<{ entries: PaperInput[]; hash: string }> {
  const pacer = options.pacer ?? createPacer();
  const size = options.pageSize ?? PAGE_SIZE;
  const hash = createHash('sha256');
  const entries: PaperInput[] = [];
  let total = 0;
  do {
    const url = queryUrl(options, entries.length, size);
    const body = await downloadPage(url, options, pacer, { arxiv: options.category, date: options.date });
    const page = parseArxivPage(body);
    if (page.total > MAX_ENTRIES) throw new ArxivFormatError(`the API announced ${page.total} entries for one day, more than ${MAX_ENTRIES}`);
    if (page.start !== entries.length) throw new ArxivFormatError(`asked for entries from ${entries.length}, got them from ${page.start}`);
    if (page.entries.length === 0 && entries.length < page.total) {
      throw new ArxivFormatError(`partial answer: ${entries.length} of ${page.total} entries, then an empty page`);
    }
    total = page.total;
    // The version and a withdrawal count too: an old-style withdrawal changes only the comment.
    for (const entry of page.entries) hash.update(`${entry.arxivId}v${entry.arxivVersion}\u0000${entry.withdrawnAt?.toISOString()}\u0000${entry.title}\u0000${entry.abstract}\u0000${entry.authors?.join('\u0001')}\u0000${entry.categories?.join(',')}\n`);
    entries.push(...page.entries);
  } while (entries.length < total);
  return { entries, hash: hash.digest('hex') };
}

/** Answers of a busy or briefly failing API: the same page is asked again, after the wait it names. */
const BUSY = new Set([429, 502, 503, 504]);
/** Times one page is asked again after a busy answer, within one run (the next run starts over). */
export const ARXIV_RETRIES = 2;
/** A longer Retry-After is left to the next run rather than waited out. */
export const ARXIV_MAX_RETRY_WAIT_MS = 60_000;

/**
 * One page, asked again (at most ARXIV_RETRIES times) when arXiv answers that it is busy (503,
 * 429…), after the Retry-After it names, else arXiv's usual 3 s: one busy answer in the middle of
 * a day's pages would otherwise throw away the pages already read until the next FETCH_CRON.
 * Every call to the API that reads the corpus's papers goes through it (listings and re-checks);
 * `about` says in the log what was asked.
 */
export async function downloadPage(url: string, options: ArxivCallOptions, pacer: Pacer, about: Record<string, unknown> = {}): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    // Every call to the API passes here, so this is the one place a shutdown stops a fetch or a
    // re-check; the 3 s between calls (or a busy answer's wait) is where it most often comes.
    if (options.signal?.aborted) throw new StoppedForShutdown();
    await pacer.turn();
    if (options.signal?.aborted) throw new StoppedForShutdown();
    try {
      return await download(url, { fetchImpl: options.fetchImpl, timeoutMs: options.timeoutMs, accept: 'application/atom+xml' });
    } catch (error) {
      if (!(error instanceof HttpStatusError) || !BUSY.has(error.status)) throw error;
      const wait = error.retryAfterMs ?? ARXIV_DELAY_MS;
      const asked = error.retryAfterMs === null ? '' : ` (arXiv asked to wait ${Math.ceil(error.retryAfterMs / 1000)} s)`;
      if (wait > ARXIV_MAX_RETRY_WAIT_MS) throw new ArxivError(options.apiUrl, `${error.reason}${asked}, longer than a run waits`);
      if (attempt > ARXIV_RETRIES) throw new ArxivError(options.apiUrl, `${error.reason}${asked}, ${attempt} times`);
      options.log.info({ ...about, status: error.status, waitMs: wait }, 'arXiv is busy: asking again after the wait it named');
      pacer.backOff(wait);
    }
  }
}

function queryUrl(options: ArxivOptions, start: number, size: number): string {
  const day = options.date.replaceAll('-', '');
  const url = new URL(options.apiUrl);
  url.searchParams.set('search_query', `cat:${options.category} AND submittedDate:[${day}0000 TO ${day}2359]`);
  url.searchParams.set('sortBy', 'submittedDate');
  url.searchParams.set('sortOrder', 'ascending');
  url.searchParams.set('start', String(start));
  url.searchParams.set('max_results', String(size));
  return url.toString();
}

async function ingestArxivDay(db: Database, options: ArxivOptions, all: PaperInput[], contentHash: string): Promise<ArxivResult> {
  const name = arxivPageName(options.category, options.date);
  const summary = { page: name, category: options.category, date: options.date };
  const known = await db.prisma.corpusPage.findUnique({ where: { name } });
  if (known?.contentHash === contentHash) return { ...summary, entries: known.entryCount, new: 0, updated: 0, leftOut: 0, unchanged: true };
  const entries = firstOfEach(all);
  const listing = { name, contentHash, pageDate: dateOnly(options.date), entryCount: all.length };
  const result = await db.transaction((tx) => storeListing(tx, listing, entries, options.now));
  return { ...summary, entries: all.length, ...result, unchanged: false };
}

/**
 * An id listed twice (pages overlapping while new submissions arrive) counts once. Two ids under one
 * title are two papers: the second is kept under its own key (keyOfNamesake).
 */
function firstOfEach(entries: PaperInput[]): PaperInput[] {
  const ids = new Set<string>();
  const keys = new Set<string>();
  return entries.flatMap((entry) => {
    if (ids.has(entry.arxivId!)) return [];
    ids.add(entry.arxivId!);
    const titleKey = keys.has(entry.titleKey) ? keyOfNamesake(entry.titleKey, entry.arxivId!) : entry.titleKey;
    keys.add(titleKey);
    return [{ ...entry, titleKey }];
  });
}

/**
 * Days of submissions each run asks for, today included. The API lists a paper only once arXiv has
 * announced it, and it is asked by submission day: a paper submitted after the 14:00 (New York)
 * deadline is announced the next evening, one submitted on Thursday afternoon or Friday on Sunday
 * evening (Monday 01:00 UTC), one submitted Friday after the deadline on Monday evening. With today
 * and yesterday only, each of those days was done before its papers appeared, and they were never
 * listed; five days reach back from Monday's and Tuesday's runs to Thursday and Friday.
 */
export const ARXIV_RECENT_DAYS = 5;

export interface RecentArxivOptions extends Omit<ArxivOptions, 'category' | 'date'> {
  categories: string[];
  /** Today and the days before it, `days` in all (default ARXIV_RECENT_DAYS). */
  days?: number;
}

/** The submission days a run asks for, oldest first: `days` days to today (UTC) included. */
export function recentArxivDays(now: Date, days = ARXIV_RECENT_DAYS): string[] {
  const today = now.toISOString().slice(0, 10);
  return Array.from({ length: days }, (_, i) => addDays(today, -i)).reverse();
}

/** Every category for the recent days, oldest first; failures are thrown together at the end. */
export async function fetchRecentArxiv(db: Database, options: RecentArxivOptions): Promise<ArxivResult[]> {
  const dates = recentArxivDays(options.now, options.days);
  const pacer = options.pacer ?? createPacer();
  const results: ArxivResult[] = [];
  const failures: string[] = [];
  const asks = options.categories.flatMap((category) => dates.map((date) => ({ category, date })));
  for (const [index, { category, date }] of asks.entries()) {
    try {
      results.push(await fetchArxivDay(db, { ...options, pacer, category, date, quiet: true }));
    } catch (error) {
      if (error instanceof StoppedForShutdown) {
        options.log.info({ notAsked: asks.length - index }, 'arXiv fetch stopped for shutdown: the next run asks for the category-days left');
        break;
      }
      failures.push(`${category} ${date}: ${(error as ArxivError).reason ?? String(error)}`);
      // Nothing answered: each of the other category-days would wait as long for the same silence.
      const rest = asks.length - index - 1;
      if ((error as ArxivError).unreachable && rest > 0) {
        failures.push(`${rest} more not asked`);
        break;
      }
    }
  }
  if (failures.length > 0) throw new ArxivError(options.apiUrl, failures.join('; '));
  return results;
}
