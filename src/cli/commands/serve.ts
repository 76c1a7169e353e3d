import type { Command } from 'commander';
import { fetchRecentArxiv } from '../../corpus/arxiv.js';
import { fetchRecentFeed } from '../../corpus/feed.js';
import { ingestFiles, listPageFiles } from '../../corpus/index.js';
import { logProgress, sendDigests } from '../../delivery/index.js';
import { createScheduler } from '../../schedule/index.js';
import type { CliContext } from '../context.js';
import { ARXIV_TIMEOUT_MS } from './fetch-arxiv.js';
import { FEED_TIMEOUT_MS } from './fetch.js';

export function registerServe(program: Command, ctx: CliContext, run: (action: () => Promise<number | void>) => void) {
  program
    .command('serve')
    .description('run the service: migrate, ingest seeds, schedule sends and re-ingest, serve the web pages (npm start)')
    .action(() =>
      run(async () => {
        const app = await ctx.openApp();
        const { log, config } = app;
        const ingestSeeds = async () =>
          (await ingestFiles(app.prisma, await listPageFiles([config.seedsDir]), { now: app.clock.now(), maxPageBytes: config.maxPageBytes })).summary;
        const deliveryDeps = await app.deliveryDeps();
        const scheduler = createScheduler({ prisma: app.prisma, log, clock: app.clock }, [
          // At start, digests that fell due while the service was down are sent (once). Every
          // instance runs it: they share the deliveries through claims in PostgreSQL.
          { name: 'send', cron: config.sendCron, run: () => sendDigests(deliveryDeps, { mode: 'due', onProgress: logProgress(log, 'send') }), runAtStart: true },
          // Re-ingest on its own schedule, on one instance per slot.
          { name: 'ingest', cron: config.ingestCron, run: ingestSeeds, exclusive: true },
          // Live sources, at start and every FETCH_CRON: the daily-papers feed unless FEED_URL=off,
          // arXiv when ARXIV_CATEGORIES names categories. Offline, each logs one warning per run.
          ...(config.feedUrl
            ? [{ name: 'fetch', cron: config.fetchCron, exclusive: true, runAtStart: true, expectedFailures: true, run: () => fetchRecentFeed(app.prisma, { url: config.feedUrl!, now: app.clock.now(), timeoutMs: FEED_TIMEOUT_MS, log }) }]
            : []),
          ...(config.arxivCategories.length > 0
            ? [{ name: 'arxiv', cron: config.fetchCron, exclusive: true, runAtStart: true, expectedFailures: true, run: () => fetchRecentArxiv(app.prisma, { apiUrl: config.arxivApiUrl, categories: config.arxivCategories, now: app.clock.now(), timeoutMs: ARXIV_TIMEOUT_MS, log }) }]
            : []),
        ]);
        log.info(await ingestSeeds(), 'seeds ingested');
        const { buildServer } = await import('../../web/server.js'); // only the server needs fastify
        const server = await buildServer(app);
        await server.listen({ port: config.port, host: config.host });
        scheduler.start();
        log.info({ url: config.publicUrl, database: app.db.location, mail: app.mailer().destination }, 'paperboy is running');
        await waitForSignal();
        log.info('shutting down: finishing work in progress');
        await scheduler.stop();
        await server.close();
        await app.close();
        log.info('stopped');
      }),
    );
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
