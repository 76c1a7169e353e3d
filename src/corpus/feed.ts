// Fetches one day of the daily-papers feed and ingests it as the corpus page `feed:YYYY-MM-DD`,
// merged with the papers already known (same arXiv id, or same normalised title and abstract:
// merge.ts), which then gain their arXiv id, authors and real link. A day whose response is unchanged since it
// was last ingested is a no-op; a failed fetch (timeout, HTTP error, malformed or partial body)
// stores nothing, is logged, and the next run tries the day again.
import { createHash } from 'node:crypto';
import type { Database } from '../db/index.js';
import type { Logger } from '../shared/logger.js';
import { addDays, dateOnly } from '../shared/time.js';
import { FeedFormatError, parseFeed } from './feed-entries.js';
import { describeFetchError, download, SourceError } from './http.js';
import { storeListing } from './store.js';

export interface FetchFeedOptions {
  /** The feed endpoint, e.g. https://huggingface.co/api/daily_papers; `?date=` is added. */
  url: string;
  /** The day to fetch, YYYY-MM-DD. */
  date: string;
  now: Date;
  fetchImpl?: typeof fetch;
  timeoutMs: number;
  log: Pick<Logger, 'info' | 'warn'>;
  /** Leave the warning to the caller, which reports a whole run in one line. */
  quiet?: boolean;
  /** Aborted when the service shuts down: no further day is asked (as ArxivOptions.signal). */
  signal?: AbortSignal;
}

export interface FeedResult {
  page: string;
  date: string;
  entries: number;
  new: number;
  updated: number;
  /** Entries not stored: another paper holds their title (StoreResult.leftOut). */
  leftOut: number;
  /** The response was the same as last time: nothing was written. */
  unchanged: boolean;
}

export class FeedError extends SourceError {
  override name = 'FeedError';
  constructor(url: string, reason: string) {
    super('feed', url, reason);
  }
}

export const feedPageName = (date: string) => `feed:${date}`;

export async function fetchFeed(db: Database, options: FetchFeedOptions): Promise<FeedResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.date) || Number.isNaN(dateOnly(options.date).getTime())) {
    throw new FeedError(options.url, `invalid date "${options.date}" (expected YYYY-MM-DD)`);
  }
  const requestUrl = new URL(options.url);
  requestUrl.searchParams.set('date', options.date);
  const url = requestUrl.toString();
  try {
    const body = await download(url, { ...options, accept: 'application/json' });
    const result = await ingestFeedDay(db, options.date, body, options.now);
    options.log.info({ feed: url, ...result }, result.unchanged ? 'feed day unchanged' : 'feed day ingested');
    return result;
  } catch (error) {
    const reason = error instanceof SourceError ? error.reason : error instanceof FeedFormatError ? error.message : describeFetchError(error, 'FEED_URL=off');
    if (!options.quiet) options.log.warn({ feed: url, reason }, 'feed fetch failed: nothing stored, the next run retries');
    throw error instanceof FeedError ? error : new FeedError(url, reason);
  }
}

/** Days of the feed a run asks for, today included (the service's schedule asks for these). */
export const FEED_RECENT_DAYS = 2;

/** Today (UTC) and the days before it, `days` in all, oldest first: the days the `fetch` job asks for. */
export function recentFeedDays(now: Date, days = FEED_RECENT_DAYS): string[] {
  const today = now.toISOString().slice(0, 10);
  return Array.from({ length: days }, (_, i) => addDays(today, -i)).reverse();
}

/**
 * Today and the days before it (`days` in all, default FEED_RECENT_DAYS), oldest first; every day is tried even if one
 * fails, and the failures are thrown together (one FeedError, for one warning per run).
 */
export async function fetchRecentFeed(
  db: Database,
  options: Omit<FetchFeedOptions, 'date'> & { days?: number },
): Promise<FeedResult[]> {
  const dates = recentFeedDays(options.now, options.days);
  const results: FeedResult[] = [];
  const failures: string[] = [];
  for (const [index, date] of dates.entries()) {
    if (options.signal?.aborted) {
      options.log.info({ notAsked: dates.length - index }, 'feed fetch stopped for shutdown: the next run asks for the days left');
      break;
    }
    try {
      results.push(await fetchFeed(db, { ...options, date, quiet: true }));
    } catch (error) {
      failures.push(`${date}: ${(error as FeedError).reason ?? String(error)}`);
    }
  }
  if (failures.length > 0) throw new FeedError(options.url, failures.join('; '));
  return results;
}

/** Ingests one feed day atomically; an unchanged response is skipped without a write. */
export async function ingestFeedDay(db: Database, date: string, body: string, now: Date): Promise<FeedResult> {
  const name = feedPageName(date);
  const contentHash = createHash('sha256').update(body).digest('hex');
  const known = await db.prisma.corpusPage.findUnique({ where: { name } });
  if (known?.contentHash === contentHash) {
    return { page: name, date, entries: known.entryCount, new: 0, updated: 0, leftOut: 0, unchanged: true };
  }
  const entries = parseFeed(body);
  const listing = { name, contentHash, pageDate: dateOnly(date), entryCount: entries.length };
  const result = await db.transaction((tx) => storeListing(tx, listing, entries, now));
  return { page: name, date, entries: entries.length, ...result, unchanged: false };
}
