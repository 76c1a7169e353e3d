import type { Command } from 'commander';
import { ingestFiles, listPageFiles } from '../../corpus/index.js';
import { runSend } from '../../delivery/index.js';
import { createScheduler } from '../../schedule/index.js';
import type { CliContext } from '../context.js';

export function registerServe(program: Command, ctx: CliContext, run: (action: () => Promise<number | void>) => void) {
  program
    .command('serve')
    .description('run the service: migrate, ingest seeds, schedule sends and re-ingest, serve the web pages (npm start)')
    .action(() =>
      run(async () => {
        const app = await ctx.openApp();
        const { log, config } = app;
        const ingestSeeds = async () =>
          (await ingestFiles(app.prisma, await listPageFiles([config.seedsDir]), { now: app.clock.now() })).summary;
        const deliveryDeps = await app.deliveryDeps();
        const scheduler = createScheduler({ prisma: app.prisma, log, clock: app.clock }, [
          // At start, digests that fell due while the service was down are sent (once).
          { name: 'send', cron: config.sendCron, run: () => runSend(deliveryDeps, { mode: 'due' }), runAtStart: true },
          { name: 'ingest', cron: config.ingestCron, run: ingestSeeds },
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
