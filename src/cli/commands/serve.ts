import type { Command } from 'commander';
import { ConfigError } from '../../shared/errors.js';
import type { Action, CliContext } from '../context.js';
import { ARXIV_TIMEOUT_MS } from './fetch-arxiv.js';
import { FEED_TIMEOUT_MS } from './fetch.js';

export function registerServe(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('serve')
    .description('run the service: migrate, ingest seeds, schedule sends and re-ingest, serve the web pages (npm start)')
    .action(() =>
      run(async () => {
        const [{ fetchRecentArxiv }, { fetchRecentFeed }, { ingestFiles, listPageFiles }, { logProgress, sendDigests }, { createScheduler }] = await Promise.all([
          import('../../corpus/index.js'),
          import('../../corpus/index.js'),
          import('../../corpus/index.js'),
          import('../../delivery/index.js'),
          import('../../schedule/index.js'),
        ]);
        const app = await ctx.openApp();
        const { log, config } = app;
        const ingestSeeds = async () =>
          (await ingestFiles(app.prisma, await listPageFiles([config.seedsDir]), { now: app.clock.now(), maxPageBytes: config.maxPageBytes })).summary;
        const deliveryDeps = await app.deliveryDeps();
        // Aborted on SIGTERM: a send run in progress stops claiming, finishes what is in flight
        // (within 30 s) and gives the rest back, so that shutting down never waits for a whole run.
        const shutdown = new AbortController();
        const scheduler = createScheduler({ prisma: app.prisma, log, clock: app.clock }, [
          // At start, digests that fell due while the service was down are sent (once). Every
          // instance runs it: they share the deliveries through claims in PostgreSQL.
          { name: 'send', cron: config.sendCron, run: () => sendDigests(deliveryDeps, { mode: 'due', signal: shutdown.signal, onProgress: logProgress(log, 'send') }), runAtStart: true },
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
        // Through the scheduler, so that this run is recorded like every other (status, /admin, /metrics).
        await scheduler.runNow('ingest');
        const { buildServer } = await import('../../web/index.js'); // only the server needs fastify
        const server = await buildServer(app);
        try {
          await server.listen({ port: config.port, host: config.host });
        } catch (error) {
          await server.close();
          await app.close();
          throw listenProblem(error, config.port, config.host);
        }
        scheduler.start();
        log.info({ url: config.publicUrl, database: app.db.location, mail: app.mailer().destination }, 'paperboy is running');
        await waitForSignal();
        log.info('shutting down: finishing work in progress');
        shutdown.abort();
        await scheduler.stop();
        await server.close();
        await app.close();
        log.info('stopped');
      }),
    );
}

/** A port taken or a host that is not ours is a setting to change, not a crash. */
function listenProblem(error: unknown, port: number, host: string): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new ConfigError([`PORT ${port} is already in use on ${host} (another paperboy?); stop that process or set PORT to a free port`]);
    case 'EACCES':
      return new ConfigError([`PORT ${port} needs privileges on ${host}; use a port above 1023`]);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConfigError([`HOST "${host}" is not an address of this machine; use 0.0.0.0 (every interface) or 127.0.0.1 (this machine only)`]);
    default:
      return error;
  }
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
