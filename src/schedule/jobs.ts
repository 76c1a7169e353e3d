// The service's schedule: which jobs run when, each wired to the domain that does the work.
// `paperboy status` and /admin list the same jobs (ops/admin-view.ts JOBS).
import type { App } from '../app.js';
import { ARXIV_TIMEOUT_MS, FEED_TIMEOUT_MS, fetchRecentArxiv, fetchRecentFeed, ingestFiles, listPageFiles } from '../corpus/index.js';
import { logProgress, sendDigests } from '../delivery/index.js';
import type { Job } from './scheduler.js';

/**
 * The jobs of `serve`. `signal` is aborted on SIGTERM: a send run in progress stops claiming,
 * finishes what is in flight (within 30 s) and gives the rest back, so that shutting down never
 * waits for a whole run.
 */
export async function serviceJobs(app: App, signal: AbortSignal): Promise<Job[]> {
  const { config, log } = app;
  const { feedUrl, arxivApiUrl } = config;
  const deliveryDeps = await app.deliveryDeps();
  // An empty SEEDS_DIR is a choice when the live sources bring the papers: said once, at the first
  // run, not as a failed ingest every hour.
  let toldEmptySeeds = false;
  const ingestSeeds = async () => {
    const files = await listPageFiles([config.seedsDir], { allowEmpty: true });
    if (files.length === 0 && !toldEmptySeeds) {
      toldEmptySeeds = true;
      log.warn({ seedsDir: config.seedsDir }, 'SEEDS_DIR holds no corpus pages (*.txt): papers come only from the live sources');
    }
    return (await ingestFiles(app.db, files, { now: app.clock.now(), maxPageBytes: config.maxPageBytes })).summary;
  };
  return [
    // At start, digests that fell due while the service was down are sent (once). Every
    // instance runs it: they share the deliveries through claims in PostgreSQL.
    { name: 'send', cron: config.sendCron, run: () => sendDigests(deliveryDeps, { mode: 'due', signal, onProgress: logProgress(log, 'send') }), runAtStart: true },
    // Re-ingest on its own schedule, on one instance per slot.
    { name: 'ingest', cron: config.ingestCron, run: ingestSeeds, exclusive: true },
    // Live sources, at start and every FETCH_CRON: the daily-papers feed unless FEED_URL=off,
    // arXiv when ARXIV_CATEGORIES names categories (and ARXIV_API_URL is not off). Offline, each logs one warning per run.
    ...(feedUrl
      ? [{ name: 'fetch', cron: config.fetchCron, exclusive: true, runAtStart: true, expectedFailures: true, run: () => fetchRecentFeed(app.db, { url: feedUrl, now: app.clock.now(), timeoutMs: FEED_TIMEOUT_MS, log }) }]
      : []),
    ...(config.arxivCategories.length > 0 && arxivApiUrl
      ? [{ name: 'arxiv', cron: config.fetchCron, exclusive: true, runAtStart: true, expectedFailures: true, run: () => fetchRecentArxiv(app.db, { apiUrl: arxivApiUrl, categories: config.arxivCategories, now: app.clock.now(), timeoutMs: ARXIV_TIMEOUT_MS, log }) }]
      : []),
  ];
}
