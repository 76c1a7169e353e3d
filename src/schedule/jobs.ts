// The service's schedule: which jobs run when, each wired to the domain that does the work.
// `paperboy status` and /admin list the same jobs (ops/admin-view.ts JOBS).
import type { App } from '../app.js';
import {
  ARXIV_DELAY_MS,
  ARXIV_RECENT_DAYS,
  ARXIV_TIMEOUT_MS,
  FEED_RECENT_DAYS,
  FEED_TIMEOUT_MS,
  fetchRecentArxiv,
  fetchRecentFeed,
  recheckArxiv,
  ingestFiles,
  listPageFiles,
} from '../corpus/index.js';
import { editionHistoryOf, logProgress, sendDigests } from '../delivery/index.js';
import { backupRoster } from '../subscriptions/index.js';
import { NEW_WINDOW_DAYS } from '../matching/index.js';
import type { Job } from './scheduler.js';

/**
 * The jobs of `serve`. `signal` is aborted on SIGTERM: a send run in progress stops claiming,
 * finishes what is in flight (within 30 s) and gives the rest back, and a fetch or re-check asks
 * arXiv or the feed for nothing more (the day or batch being stored is finished, a day half read is
 * left whole to the next run), so that shutting down never waits for a whole run.
 */
export async function serviceJobs(app: App, signal: AbortSignal): Promise<Job[]> {
  const { config, log } = app;
  const { feedUrl, arxivApiUrl } = config;
  const deliveryDeps = await app.deliveryDeps();
  // An empty SEEDS_DIR is a choice when the live sources bring the papers: said once, at the first
  // run, not as a failed ingest every hour.
  let toldEmptySeeds = false;
  const ingestSeeds = async () => {
    const files = await listPageFiles([config.seedsDir], { allowEmpty: true, setting: 'SEEDS_DIR' });
    if (files.length === 0 && !toldEmptySeeds) {
      toldEmptySeeds = true;
      log.warn({ seedsDir: config.seedsDir }, 'SEEDS_DIR holds no corpus pages (*.txt): papers come only from the live sources');
    }
    return (await ingestFiles(app.db, files, { now: app.clock.now(), maxPageBytes: config.maxPageBytes })).summary;
  };
  // The categories arXiv is fetched for: none with ARXIV_API_URL=off.
  const arxivCategories = arxivApiUrl ? config.arxivCategories.length : 0;
  const fetchesAtStart = [...(feedUrl ? ['fetch'] : []), ...(arxivCategories > 0 ? ['arxiv'] : [])];
  return [
    // At start, digests that fell due while the service was down are sent (once), after the
    // start fetches, so that they carry that morning's papers (the seeds are ingested before the
    // scheduler starts: service.ts). Every instance runs it: they share the deliveries through
    // claims in PostgreSQL.
    {
      name: 'send',
      cron: config.sendCron,
      run: () => sendDigests(deliveryDeps, { mode: 'due', signal, onProgress: logProgress(log, 'send') }),
      runAtStart: true,
      ...(fetchesAtStart.length > 0 ? { startsAfter: { jobs: fetchesAtStart, atMostMs: startFetchesWaitMs(Boolean(feedUrl), arxivCategories) } } : {}),
    },
    // Re-ingest on its own schedule, on one instance per slot.
    { name: 'ingest', cron: config.ingestCron, run: ingestSeeds, exclusive: true },
    // Live sources, at start and every FETCH_CRON: the daily-papers feed unless FEED_URL=off,
    // arXiv when ARXIV_CATEGORIES names categories (and ARXIV_API_URL is not off). Offline, each logs one warning per run.
    ...(feedUrl
      ? [{ name: 'fetch', cron: config.fetchCron, exclusive: true, runAtStart: true, expectedFailures: true, run: () => fetchRecentFeed(app.db, { url: feedUrl, now: app.clock.now(), timeoutMs: FEED_TIMEOUT_MS, log, signal }) }]
      : []),
    ...(arxivCategories > 0 && arxivApiUrl
      ? [{ name: 'arxiv', cron: config.fetchCron, exclusive: true, runAtStart: true, expectedFailures: true, run: () => fetchRecentArxiv(app.db, { apiUrl: arxivApiUrl, categories: config.arxivCategories, now: app.clock.now(), timeoutMs: ARXIV_TIMEOUT_MS, log, signal }) }]
      : []),
    // Once a day, the window's candidates with an arXiv id are asked for again by id, so that a
    // withdrawal or a new version after the listings' five days is seen. Whenever ARXIV_API_URL is
    // not off, ARXIV_CATEGORIES or not: the feed's papers carry arXiv ids too, and its JSON never
    // says they were withdrawn. Not at start: a restart should not cost arXiv a round of calls.
    ...(arxivApiUrl
      ? [{ name: 'recheck', cron: config.recheckCron, exclusive: true, expectedFailures: true, run: () => recheckArxiv(app.db, { apiUrl: arxivApiUrl, now: app.clock.now(), windowDays: NEW_WINDOW_DAYS, timeoutMs: ARXIV_TIMEOUT_MS, log, signal }) }]
      : []),
    // On the embedded database, whose files may not open again after a hard kill, the list is
    // written to DATA_DIR/backups once a day: the way back its error names. A PostgreSQL server
    // has pg_dump. Not at start: a database started afresh would write an empty list.
    ...(config.databaseUrl === undefined ? [{ name: 'backup', cron: config.backupCron, exclusive: true, expectedFailures: true, run: () => backupRoster(app.prisma, editionHistoryOf(app.prisma), config.dataDir, app.clock.now()) }] : []),
  ];
}

/**
 * How long the send at start waits for the start fetches: as long as the slower of them (they run
 * side by side) takes when its source never answers, by the fetch's own timeouts. The feed asks
 * for each of its days, each waiting out FEED_TIMEOUT_MS; arXiv keeps its pace between every
 * category-day and gives up after the first request that waits out ARXIV_TIMEOUT_MS. Past that
 * the digests go out with the papers in so far (logged); the rest come with the next digest.
 */
export function startFetchesWaitMs(feed: boolean, arxivCategories: number): number {
  const feedMs = feed ? FEED_RECENT_DAYS * FEED_TIMEOUT_MS : 0;
  const arxivMs = arxivCategories > 0 ? arxivCategories * ARXIV_RECENT_DAYS * ARXIV_DELAY_MS + ARXIV_TIMEOUT_MS : 0;
  return Math.max(feedMs, arxivMs);
}
